from celery import shared_task

from portal.jobs import JOB_TASK_OPTIONS, job_run


def _hello(job, progress):
    progress(50, "half")
    return "hello.txt", f"Dobry den, {job.municipality.name}".encode(), "text/plain"


@shared_task(name="tests.build_hello", **JOB_TASK_OPTIONS)
def build_hello(job_id: str) -> None:
    job_run(job_id, _hello)
