"""Background jobs with progress: exports and reports built by Celery workers.

A view calls :func:`job_start`; the app's task calls :func:`job_run` with a builder that returns
``(filename, content, content_type)``. The page polls the job's progress and offers the file
when it is ready, through a download view that checks permissions again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .celery import RETRY
from .models import Job, Municipality
from .pdf import PdfUnavailable, unavailable_message
from .permissions import RULES, municipalities_for

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3

# Options every job task uses: the portal's retry policy, with fewer attempts (job_run counts them).
JOB_TASK_OPTIONS = {**RETRY, "max_retries": MAX_ATTEMPTS}

Progress = Callable[[int, str], None]
Builder = Callable[[Job, Progress], tuple[str, bytes, str]]


def job_start(
    *,
    kind: str,
    title: str,
    task,
    municipality: Municipality | None,
    user,
    permission: str,
    target: models.Model | None = None,
    params: dict | None = None,
    cache_key: str | None = None,
    private: bool = False,
) -> Job:
    """Create a job and enqueue its task after the transaction commits.

    With a ``cache_key`` an existing job for the same input is reused (a finished file is served
    again, a running one is joined); a failed one is started afresh.
    """
    if cache_key:
        existing = Job.objects.filter(cache_key=cache_key).first()
        if existing and existing.status != Job.Status.FAILED:
            return existing
        if existing:
            existing.delete()
    job = Job.objects.create(
        kind=kind,
        title=title[:255],
        task_name=task.name,
        municipality=municipality,
        permission=permission,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        params=params or {},
        cache_key=cache_key,
        private=private,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    job_id = str(job.id)
    transaction.on_commit(lambda: task.delay(job_id))
    return job


def job_run(job_id: str, build: Builder) -> None:
    """Run a job's builder once. A finished job is left alone, so a redelivered task does nothing."""
    claimed = Job.objects.filter(pk=job_id, status__in=[Job.Status.PENDING, Job.Status.RUNNING]).update(
        status=Job.Status.RUNNING, attempts=F("attempts") + 1, started_at=timezone.now(), progress=1
    )
    if not claimed:
        return
    job = Job.objects.get(pk=job_id)

    def progress(percent: int, message: str = "") -> None:
        Job.objects.filter(pk=job.pk).update(progress=max(1, min(99, percent)), message=message[:500])

    try:
        filename, content, content_type = build(job, progress)
    except PdfUnavailable:
        _fail(job, unavailable_message())
        return
    except Exception:
        logger.exception("job %s failed (attempt %s)", job.pk, job.attempts)
        if job.attempts >= MAX_ATTEMPTS:
            _fail(job, _("The file could not be generated. The administrators have been told."))
            return
        Job.objects.filter(pk=job.pk).update(status=Job.Status.PENDING, message=_("Retrying…"))
        raise
    job.file.save(filename, ContentFile(content), save=False)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE,
        progress=100,
        message="",
        file=job.file.name,
        filename=filename,
        content_type=content_type,
        finished_at=timezone.now(),
    )


def _fail(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, message=message[:500], finished_at=timezone.now())


def can_download(user, job: Job) -> bool:
    if job.private and job.created_by_id != user.pk:
        return False
    if job.municipality_id is None:
        # A job across municipalities (e.g. the consultant dashboard export): the permission must
        # be held somewhere; the file itself only holds what its requester may see.
        return user.is_superuser or (
            job.permission in RULES and municipalities_for(user, job.permission).exists()
        )
    return user.has_perm(job.permission, job.municipality)
