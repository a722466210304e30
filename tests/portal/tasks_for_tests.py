from celery import shared_task

from portal.jobs import JOB_TASK_OPTIONS, job_run


def _hello(job, progress):
    progress(50, "half")
    return "hello.txt", f"Dobry den, {job.municipality.name}".encode(), "text/plain"


@shared_task(name="tests.build_hello", **JOB_TASK_OPTIONS)
def build_hello(job_id: str) -> None:
    job_run(job_id, _hello)


def _slow_pdf(job, progress):
    """A real PDF built in steps (one page rendered per step), long enough to be killed midway."""
    from portal.pdf import render_pdf

    steps = int(job.params.get("steps", 20))
    pages = []
    for step in range(steps):
        pages.append(render_pdf(f"<h1>Strana {step + 1}</h1><p>{job.municipality.name}</p>"))
        progress(int(100 * (step + 1) / steps), f"{step + 1}/{steps}")
    return "slow.pdf", pages[-1], "application/pdf"


@shared_task(name="tests.build_slow_pdf", **JOB_TASK_OPTIONS)
def build_slow_pdf(job_id: str) -> None:
    job_run(job_id, _slow_pdf)
