"""Acceptance 2: a whole worker process (with its pool) is killed with SIGKILL in the middle of a
PDF; a new worker is started. The heartbeat sweep (run by a real beat) re-queues the job and it
finishes with exactly one file — no message or timestamp aged by hand: the heartbeat age and the
sweep interval are settings, given short real values here."""

import os
import time

import pytest
from django.core.files.storage import default_storage
from django.db import transaction

from portal.jobs import job_start
from portal.models import Job
from portal.pdf import pdf_support
from tests.conftest import poll
from tests.portal.tasks_for_tests import build_slow_pdf

from .conftest import service_env, shared_test_database_url

pytestmark = pytest.mark.django_db(transaction=True)

FAST = {"JOB_HEARTBEAT_SECONDS": 0.5, "JOB_STALE_SECONDS": 4, "JOB_SWEEP_SECONDS": 1, "OUTBOX_RELAY_SECONDS": 1}


def test_it_finishes_a_pdf_whose_worker_was_killed_with_exactly_one_file(
    own_redis, point_celery_at, workers, settings, ostrava, gestor, tmp_path
):
    if not pdf_support()[0]:
        from tests.conftest import skip_or_fail

        skip_or_fail("WeasyPrint's system libraries are missing")
    env = service_env(DATABASE_URL=shared_test_database_url(), REDIS_URL=own_redis.url,
                      MEDIA_ROOT=settings.STORAGES["default"]["OPTIONS"]["location"], **FAST)
    point_celery_at(own_redis.url)
    workers(env, "beat", beat=True)
    first = workers(env, "first")
    with transaction.atomic():
        job = job_start(kind="test_pdf", title="Pomalé PDF", task=build_slow_pdf, municipality=ostrava, actor=gestor,
                        permission="portal.view_municipality", params={"steps": 40})

    def midway():
        job.refresh_from_db()
        return job.status == Job.Status.RUNNING and 10 <= job.progress < 90

    poll(midway, timeout=120, what="the PDF to be half built")
    first.kill()
    killed_at = time.monotonic()
    assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING  # left behind by the dead worker

    workers(env, "second")

    def finished():
        job.refresh_from_db()
        return job.is_finished

    poll(finished, timeout=5 * 60, every=0.3, what="the job to finish after the worker died")
    assert job.status == Job.Status.DONE, job.message
    assert time.monotonic() - killed_at < 5 * 60
    assert job.attempts == 2
    folder = os.path.dirname(job.file.name)
    _dirs, files = default_storage.listdir(folder)
    assert files == [os.path.basename(job.file.name)]
    assert job.file.read().startswith(b"%PDF")
