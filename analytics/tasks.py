from celery import shared_task

from portal.jobs import JOB_TASK_OPTIONS, job_run

from .exports import build_dashboard_xlsx


@shared_task(**JOB_TASK_OPTIONS)
def export_dashboard(job_id: str) -> None:
    """Build the consultant dashboard workbook of a job, when a consultant asks for the export.

    Safe to run twice: ``job_run`` leaves a finished job alone, and the file only depends on the
    requester's current permissions and the filters stored in the job.
    """
    job_run(job_id, build_dashboard_xlsx)

# Tasks of the datasets and indicators framework, registered with this app's tasks.
from .datasets.tasks import import_dataset_upload  # noqa: E402, F401
from .indicators.tasks import export_indicators, recompute_computed_indicators  # noqa: E402, F401
