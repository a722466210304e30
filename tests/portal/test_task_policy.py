"""One retry policy (issue 9): every task of the apps is acknowledged late, rejected back to the
queue when its worker is lost, and retried with back-off (``portal.celery.RETRY``); the job tasks
add a cap (``portal.jobs.JOB_TASK_OPTIONS``). The two per-minute sweeps are the exception: the next
tick is their retry."""

from __future__ import annotations

from portal.celery import RETRY, app

APPS = ("portal.", "workgroups.", "concepts.", "pilots.", "analytics.")
SWEEPS = {"portal.tasks.requeue_stale_jobs", "portal.tasks.outbox_relay", "portal.tasks.ping"}


def _tasks():
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if name.startswith(APPS)}


def test_it_finds_the_tasks_of_every_app():
    prefixes = {name.split(".")[0] for name in _tasks()}
    assert {"portal", "workgroups", "concepts", "pilots", "analytics"} <= prefixes


def test_it_gives_every_task_the_one_retry_policy():
    different = {}
    for name, task in _tasks().items():
        if name in SWEEPS:
            continue
        seen = {"acks_late": task.acks_late, "reject_on_worker_lost": task.reject_on_worker_lost,
                "autoretry_for": tuple(getattr(task, "autoretry_for", ())),
                "retry_backoff": getattr(task, "retry_backoff", False)}
        wanted = {key: RETRY[key] for key in seen}
        if seen != wanted:
            different[name] = seen
    assert different == {}, different
