"""Background work of the concept: exports of a frozen version (PDF and Word)."""

from __future__ import annotations

from celery import shared_task

from portal.jobs import JOB_TASK_OPTIONS, job_run

from .exports import build_version_docx, build_version_pdf


@shared_task(**JOB_TASK_OPTIONS)
def concept_version_pdf(job_id: str) -> None:
    """Build the PDF of a frozen version. Started by the export button through ``job_start``.

    Safe to run twice: ``job_run`` claims the job with a conditional update and leaves a finished
    job alone; a frozen version never changes, so the file is the same whenever it is built.
    """
    job_run(job_id, build_version_pdf)


@shared_task(**JOB_TASK_OPTIONS)
def concept_version_docx(job_id: str) -> None:
    """Build the Word document of a frozen version. Same contract as :func:`concept_version_pdf`."""
    job_run(job_id, build_version_docx)
