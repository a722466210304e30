"""Jobs whose worker died come back: heartbeat, sweep, claim, restart, and no stuck job from the cache."""

from django.db import transaction

from portal.jobs import job_is_stuck, job_run, job_start, job_sweep
from portal.models import Job, OutboxMessage
from tests.portal.tasks_for_tests import build_hello


def start(ostrava, user, **extra):
    return job_start(kind="test", title="Hello", task=build_hello, municipality=ostrava, actor=user,
                     permission="portal.view_municipality", **extra)


def _hello(job, progress):
    return "hello.txt", b"ahoj", "text/plain"


def test_it_builds_a_running_job_with_a_live_heartbeat_only_once(ostrava, gestor):
    job = start(ostrava, gestor)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)  # a live worker has it
    job_run(str(job.pk), _hello)  # a redelivered message
    assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING


def test_it_lets_a_new_worker_claim_a_job_whose_worker_went_silent(ostrava, gestor, settings):
    job = start(ostrava, gestor)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    settings.JOB_STALE_SECONDS = 0
    job_run(str(job.pk), _hello)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.file.read() == b"ahoj"


def test_it_sweeps_a_silent_job_back_into_the_queue_once(ostrava, gestor, settings, django_capture_on_commit_callbacks):
    job = start(ostrava, gestor)
    OutboxMessage.objects.update(delivered_at=job.created_at)  # its first message reached the broker
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    settings.JOB_STALE_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=False):
        assert job_sweep() == 1
        settings.JOB_STALE_SECONDS = 3600
        assert job_sweep() == 0  # the claim renewed its heartbeat: a second sweep leaves it alone
    assert OutboxMessage.objects.filter(ref=f"job:{job.pk}").count() == 2
    assert Job.objects.get(pk=job.pk).status == Job.Status.PENDING


def test_it_does_not_call_a_job_stuck_while_its_task_waits_in_the_outbox(ostrava, gestor, settings):
    job = start(ostrava, gestor)  # the commit never came in this test: its message is undelivered
    settings.JOB_STALE_SECONDS = 0
    assert not job_is_stuck(job)
    assert job_sweep() == 0


def test_it_never_serves_a_stuck_job_from_the_cache(ostrava, gestor, settings):
    first = start(ostrava, gestor, cache_key="hello:1")
    OutboxMessage.objects.update(delivered_at=first.created_at)
    assert start(ostrava, gestor, cache_key="hello:1").pk == first.pk  # a live one is joined
    settings.JOB_STALE_SECONDS = 0
    second = start(ostrava, gestor, cache_key="hello:1")
    assert second.pk != first.pk
    first.refresh_from_db()
    assert first.status == Job.Status.FAILED and first.cache_key is None


def test_it_lets_the_user_restart_a_failed_job(client_for, ostrava, gestor, django_capture_on_commit_callbacks):
    with transaction.atomic():
        job = start(ostrava, gestor)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, message="boom", attempts=3)
    body = client_for(gestor).get(f"/jobs/{job.pk}/status/").content.decode()
    assert f"/jobs/{job.pk}/restart/" in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(gestor).post(f"/jobs/{job.pk}/restart/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.DONE


def test_it_lets_the_user_restart_a_stuck_job(client_for, ostrava, gestor, settings):
    job = start(ostrava, gestor)
    OutboxMessage.objects.update(delivered_at=job.created_at)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    settings.JOB_STALE_SECONDS = 0
    assert client_for(gestor).post(f"/jobs/{job.pk}/restart/").status_code == 302
    assert Job.objects.get(pk=job.pk).status == Job.Status.PENDING


def test_it_does_not_restart_a_live_job(client_for, ostrava, gestor):
    job = start(ostrava, gestor)
    OutboxMessage.objects.update(delivered_at=job.created_at)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    client_for(gestor).post(f"/jobs/{job.pk}/restart/")
    assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING
    assert OutboxMessage.objects.count() == 1


def test_it_hides_the_restart_from_another_municipality_and_needs_login(client, client_for, ostrava, gestor,
                                                                        kladno_gestor):
    job = start(ostrava, gestor)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED)
    assert client_for(kladno_gestor).post(f"/jobs/{job.pk}/restart/").status_code == 404
    assert client.post(f"/jobs/{job.pk}/restart/").status_code == 302
    assert client_for(gestor).get(f"/jobs/{job.pk}/restart/").status_code == 405
