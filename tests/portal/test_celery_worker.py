
from django.db import transaction

from portal.jobs import job_start
from portal.models import Job
from portal.tasks import ping
from tests.portal.tasks_for_tests import build_hello  # registered before the worker starts


def test_it_runs_a_task_through_the_real_worker(celery_worker):
    result = ping.delay()
    assert result.get(timeout=30) == "pong"


def test_it_builds_a_job_file_in_the_worker(celery_worker, ostrava, gestor, job_finished):
    with transaction.atomic():
        job = job_start(
            kind="test", title="Hello", task=build_hello, municipality=ostrava, actor=gestor,
            permission="portal.view_municipality",
        )
    job = job_finished(job)
    assert job.status == Job.Status.DONE
    assert job.file.read() == b"Dobry den, Ostrava"
