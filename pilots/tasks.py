"""Background work of the pilots: the evaluation report PDF and a household's data export."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils import translation
from django.utils.text import slugify

from portal.celery import RETRY
from portal.jobs import JOB_TASK_OPTIONS, job_run


@shared_task(**JOB_TASK_OPTIONS)
def evaluation_pdf(job_id: str) -> None:
    """Render one version of an evaluation report (``job.params["version"]``: internal with full
    figures, or external with small counts suppressed) to PDF. Runs when a reader asks for it.

    Safe twice: ``job_run`` claims the job, and a finished job is left alone; the PDF is built
    only from the report's frozen figures, so a rerun gives the same document."""
    from .models import EvaluationReport
    from .reports import render

    def build(job, progress):
        report = EvaluationReport.objects.select_related("programme__municipality").get(pk=job.target_id)
        with translation.override(settings.LANGUAGE_CODE):  # the report is a Czech document
            version = job.params.get("version", "external")
            content = render(report, progress, external=version != "internal")
        suffix = "interni" if version == "internal" else "verejna"
        return f"evaluace-{slugify(report.programme.name)}-{report.as_of:%Y-%m-%d}-{suffix}.pdf", content, "application/pdf"

    job_run(job_id, build)


@shared_task(**JOB_TASK_OPTIONS)
def household_export(job_id: str) -> None:
    """Export one household's data (right of access). Runs when an authorised worker asks.

    Safe twice: ``job_run`` skips a finished job; the export only reads."""
    from .exports import as_json, as_xlsx, household_data
    from .models import Household

    def build(job, progress):
        household = Household.objects.get(pk=job.target_id)
        data = household_data(household, with_identity=bool(job.params.get("with_identity")))
        if job.params.get("format") == "xlsx":
            mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            return f"domacnost-{household.code}.xlsx", as_xlsx(data), mime
        return f"domacnost-{household.code}.json", as_json(data), "application/json"

    job_run(job_id, build)


@shared_task(**RETRY)
def anonymise_due_households() -> int:
    """Anonymise households whose retention period has ended. Runs daily from the beat schedule
    (the same as ``manage.py anonymise_households``).

    Safe twice: each household is locked and skipped once anonymised."""
    from .services import household_anonymise, households_due_for_anonymisation

    due = households_due_for_anonymisation()
    for household in due:
        household_anonymise(household=household)
    return len(due)


@shared_task(**JOB_TASK_OPTIONS)
def indicators_export(job_id: str) -> None:
    """Export a programme's outcome indicators (per programme and cohort) as XLSX or CSV. Runs
    when someone with access to the aggregates asks for the file.

    Whether small counts are hidden was decided from the requester's rights when the job was
    started and is stored in ``job.params["suppress"]``: the file is built to that decision.
    Safe twice: ``job_run`` skips a finished job; the export only reads."""
    from datetime import date

    from .exports import CSV_MIME, XLSX_MIME, indicators_csv, indicators_xlsx
    from .models import Programme

    def build(job, progress):
        programme = Programme.objects.get(pk=job.target_id, municipality_id=job.municipality_id)
        as_of, suppress = date.fromisoformat(job.params["as_of"]), bool(job.params.get("suppress", True))
        with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
            name = f"ukazatele-{slugify(programme.name)}-{as_of:%Y-%m-%d}"
            if job.params.get("format") == "csv":
                return f"{name}.csv", indicators_csv(programme, as_of=as_of, suppress=suppress), CSV_MIME
            return f"{name}.xlsx", indicators_xlsx(programme, as_of=as_of, suppress=suppress), XLSX_MIME

    job_run(job_id, build)


@shared_task(**JOB_TASK_OPTIONS)
def household_list_export(job_id: str) -> None:
    """Export the pseudonymous household list (codes and coded fields) for the evaluation. Runs
    when a worker with household access asks for it.

    The households are those the requester may see *when the file is built* (``job.created_by``),
    so a right withdrawn in between also narrows the file. Safe twice: ``job_run`` skips a
    finished job; the export only reads."""
    from .access import households_for
    from .exports import XLSX_MIME, household_list_xlsx
    from .models import Household

    def build(job, progress):
        # A requester whose account was deleted gets nothing.
        households = households_for(job.created_by, job.municipality) if job.created_by else Household.objects.none()
        if programme := job.params.get("programme"):
            households = households.filter(programme_id=programme)
        if stage := job.params.get("stage"):
            households = households.filter(stage=stage)
        with translation.override(settings.LANGUAGE_CODE):  # Czech labels and codebook
            content = household_list_xlsx(households)
        return f"domacnosti-{job.municipality.slug}-{job.created_at:%Y-%m-%d}.xlsx", content, XLSX_MIME

    job_run(job_id, build)
