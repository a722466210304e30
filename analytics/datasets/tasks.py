from celery import shared_task

from portal.jobs import JOB_TASK_OPTIONS

from .services import dataset_import_run


@shared_task(**JOB_TASK_OPTIONS)
def import_dataset_upload(upload_id: int) -> None:
    """Import a confirmed dataset upload, when the user confirms the preview.

    Safe to run twice: ``dataset_import_run`` claims only a queued or running upload, replaces an
    incomplete version left by a dead worker, and treats a file already imported as a no-op.
    """
    dataset_import_run(upload_id)
