"""The Celery application. Configuration lives in settings under the CELERY_ namespace."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The one retry policy of every task (all of them are idempotent, so a retry or a redelivery after a
# lost worker is safe): retried with back-off on any error, acknowledged only when done.
RETRY = {
    "autoretry_for": (Exception,),
    "retry_backoff": 5,
    "retry_jitter": True,
    "max_retries": 5,
    "acks_late": True,
    "reject_on_worker_lost": True,
}
