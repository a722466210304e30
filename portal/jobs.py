"""Background jobs with progress: exports and reports built by Celery workers.

A view calls :func:`job_start`; the app's task calls :func:`job_run` with a builder that returns
``(filename, content, content_type)``. The page polls the job's progress and offers the file
when it is ready, through a download view that checks permissions again.

A running job beats: its row's ``heartbeat_at`` is renewed every ``JOB_HEARTBEAT_SECONDS`` by a
thread of the worker building it. A job silent for ``JOB_STALE_SECONDS`` lost its worker:
:func:`job_sweep` (beat, every ``JOB_SWEEP_SECONDS``) claims it with a conditional update and
enqueues it again, and :func:`job_run` only claims a job that is waiting or silent, so a job is
never built by two workers at once. A stuck job is never served from the cache, and a person may
restart a failed or stuck one (:func:`job_restart`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .celery import RETRY
from .models import Job, Municipality, OutboxMessage
from .outbox import enqueue
from .pdf import PdfUnavailable, unavailable_message
from .permissions import RULES, municipalities_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3

# Options every job task uses: the portal's retry policy (never lost when a worker dies), with fewer
# attempts (job_run counts them) and back-off capped at two minutes.
JOB_TASK_OPTIONS = {**RETRY, "retry_backoff_max": 120, "max_retries": MAX_ATTEMPTS}

Progress = Callable[[int, str], None]
Builder = Callable[[Job, Progress], tuple[str, bytes, str]]


def job_start(
    *,
    kind: str,
    title: str,
    task,
    municipality: Municipality | None,
    actor: User | AnonymousUser,
    permission: str,
    target: models.Model | None = None,
    params: dict | None = None,
    cache_key: str | None = None,
    private: bool = False,
) -> Job:
    """Create a job and enqueue its task after the transaction commits.

    With a ``cache_key`` an existing job for the same input is reused (a finished file is served
    again, a running one is joined); a failed or stuck one is set aside and started afresh.
    """
    if cache_key:
        existing = Job.objects.filter(cache_key=cache_key).first()
        if existing and existing.status != Job.Status.FAILED and not job_is_stuck(existing):
            return existing
        if existing:
            # Kept for the record under no key; a late worker of a stuck one can no longer claim it.
            Job.objects.filter(pk=existing.pk).update(
                cache_key=None, status=Job.Status.FAILED, finished_at=timezone.now(),
                message=_("Replaced by a new attempt.") if existing.status != Job.Status.FAILED else existing.message,
            )
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
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        heartbeat_at=timezone.now(),
    )
    enqueue(task, str(job.id), ref=_ref(job))
    return job


def _ref(job: Job) -> str:
    return f"job:{job.pk}"


def _stale_before():
    return timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS)


def _silent() -> Q:
    """Jobs no worker has shown a sign of life for within JOB_STALE_SECONDS."""
    cutoff = _stale_before()
    return Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)


def _waiting_for_outbox(job: Job) -> bool:
    """Its task is still in the outbox (the broker was down): it is not lost, only not sent yet."""
    return OutboxMessage.objects.filter(ref=_ref(job), delivered_at__isnull=True).exists()


def job_is_stuck(job: Job) -> bool:
    """Waiting or running with no sign of life for JOB_STALE_SECONDS, and not merely waiting for
    the broker to come back."""
    if job.status not in {Job.Status.PENDING, Job.Status.RUNNING}:
        return False
    last = job.heartbeat_at or job.created_at
    if last is None or last >= _stale_before():
        return False
    return not _waiting_for_outbox(job)


def job_requeue(job: Job, *, statuses=(Job.Status.PENDING, Job.Status.RUNNING), only_silent: bool = True) -> bool:
    """Claim ``job`` with a conditional update and enqueue it again. Returns whether it was claimed:
    two sweeps (or a sweep and a person) never both re-queue one job."""
    rows = Job.objects.filter(pk=job.pk, status__in=list(statuses))
    if only_silent:
        rows = rows.filter(_silent())
    claimed = rows.update(
        status=Job.Status.PENDING, heartbeat_at=timezone.now(), progress=0, message="", finished_at=None
    )
    if claimed:
        enqueue(job.task_name, str(job.pk), ref=_ref(job))
    return bool(claimed)


def job_sweep() -> int:
    """Re-queue every job whose worker went silent (see the module docstring)."""
    count = 0
    for job in Job.objects.filter(status__in=[Job.Status.PENDING, Job.Status.RUNNING]).filter(_silent()):
        if _waiting_for_outbox(job):
            continue
        with transaction.atomic():
            count += int(job_requeue(job))
    if count:
        logger.warning("jobs: re-queued %s job(s) whose worker went silent", count)
    return count


def job_can_restart(job: Job) -> bool:
    return job.status == Job.Status.FAILED or job_is_stuck(job)


def job_restart(*, job: Job, actor: User) -> bool:
    """A person restarts a failed or stuck job (the view checked they may see it)."""
    if not job_can_restart(job):
        return False
    with transaction.atomic():
        if job.status == Job.Status.FAILED:
            claimed = job_requeue(job, statuses=(Job.Status.FAILED,), only_silent=False)
            if claimed:
                Job.objects.filter(pk=job.pk).update(attempts=0)
            return claimed
        return job_requeue(job)


def _beat(job_id, stop: threading.Event) -> None:
    """Renew the job's heartbeat until ``stop`` is set (runs in a thread of the worker)."""
    try:
        while not stop.wait(settings.JOB_HEARTBEAT_SECONDS):
            Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(heartbeat_at=timezone.now())
    except Exception:  # a lost heartbeat only makes the sweep re-queue the job later
        logger.exception("jobs: heartbeat of %s failed", job_id)
    finally:
        connection.close()


def job_run(job_id: str, build: Builder) -> None:
    """Run a job's builder once. Only a waiting job, or a running one whose worker went silent, is
    claimed (a conditional update): a redelivered task of a finished or live job does nothing."""
    now = timezone.now()
    claimed = (
        Job.objects.filter(pk=job_id)
        .filter(Q(status=Job.Status.PENDING) | Q(_silent(), status=Job.Status.RUNNING))
        .update(status=Job.Status.RUNNING, attempts=F("attempts") + 1, started_at=now, heartbeat_at=now, progress=1)
    )
    if not claimed:
        return
    job = Job.objects.get(pk=job_id)

    def progress(percent: int, message: str = "") -> None:
        Job.objects.filter(pk=job.pk).update(
            progress=max(1, min(99, percent)), message=message[:500], heartbeat_at=timezone.now()
        )

    stop = threading.Event()
    # The heartbeat thread has its own connection: it can only see committed rows, so it runs when
    # the task does (a worker, autocommit), not inside a test's transaction.
    beating = not connection.in_atomic_block
    if beating:
        threading.Thread(target=_beat, args=(job.pk, stop), daemon=True, name=f"heartbeat-{job.pk}").start()
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
    finally:
        stop.set()
    # Only the claimant that still holds the job stores a file: a job re-queued meanwhile by the
    # sweep (this worker was frozen) is left to the new claim.
    if Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, started_at=job.started_at).exists():
        job.file.save(filename, ContentFile(content), save=False)
        Job.objects.filter(pk=job.pk, started_at=job.started_at).update(
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
