from celery import shared_task

from portal.celery import RETRY
from portal.jobs import JOB_TASK_OPTIONS, job_run

from .computed import recompute_all
from .exports import build_indicator_export


@shared_task(**JOB_TASK_OPTIONS)
def export_indicators(job_id: str) -> None:
    """Build a municipality's indicator table (XLSX or Czech CSV), when someone asks for the export.

    Safe to run twice: ``job_run`` leaves a finished job alone.
    """
    job_run(job_id, build_indicator_export)


@shared_task(**RETRY)
def recompute_computed_indicators(municipality_id: int | None = None) -> int:
    """Recompute the computed indicators' values of the current period, nightly (beat) and on demand.

    Safe to run twice: each value is written with update-or-create on (indicator, period), and a
    value already submitted, approved or locked is never overwritten.
    """
    return recompute_all(municipality_id=municipality_id)
