"""The transactional outbox (portal/outbox.py): written with the change, delivered after the
commit, retried until delivered, never delivered twice by two relays."""

import pytest
from django.core import mail
from django.db import transaction

from portal.models import OutboxMessage
from portal.outbox import _claim, enqueue, relay
from portal.tasks import outbox_relay, ping
from tests.portal.tasks_for_tests import build_hello  # noqa: F401 - registers the test task


def test_it_writes_the_enqueue_with_the_change_and_delivers_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        row = enqueue(ping)
        assert OutboxMessage.objects.get(pk=row.pk).delivered_at is None
    assert len(callbacks) == 1
    callbacks[0]()
    row.refresh_from_db()
    assert row.delivered_at is not None and row.attempts == 1


def test_it_enqueues_nothing_when_the_change_is_rolled_back(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        enqueue(ping)
        raise RuntimeError
    assert not OutboxMessage.objects.exists()


@pytest.fixture
def broker_down(settings):
    """The broker is a port nothing listens on (a stopped Redis refuses the connection)."""
    from portal.celery import app

    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = "redis://127.0.0.1:6395/0", False
    app._pool = None
    app.amqp._producer_pool = None
    settings.OUTBOX_RETRY_BASE_SECONDS = 3600
    yield
    app.conf.broker_url, app.conf.task_always_eager = saved
    app._pool = None
    app.amqp._producer_pool = None


def test_it_keeps_a_failed_delivery_for_beat_with_back_off(db, broker_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = enqueue(ping)  # does not raise: the page that caused it answers as usual
    row.refresh_from_db()
    assert row.delivered_at is None and row.attempts == 1 and row.last_error
    assert relay() == 0  # not due again for an hour
    assert OutboxMessage.objects.get(pk=row.pk).attempts == 1


def test_it_lets_only_one_relay_claim_a_row(db):
    row = OutboxMessage.objects.create(kind=OutboxMessage.Kind.TASK, task_name="portal.tasks.ping")
    assert _claim(row.pk) is not None
    assert _claim(row.pk) is None  # a second relay at the same time gets nothing
    assert relay() == 0


def test_it_delivers_pending_rows_from_beat_once(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.create(
        kind=OutboxMessage.Kind.EMAIL, key="mail:x",
        payload={"to": ["a@example.cz"], "subject": "S", "body": "B", "attachments": [
            {"filename": "a.txt", "base64": "YWhvag==", "mimetype": "text/plain"}]},
    )
    assert outbox_relay() == 1
    assert outbox_relay() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0][1] in (b"ahoj", "ahoj")


def test_it_routes_djangos_own_e_mails_through_the_outbox(db, settings, django_capture_on_commit_callbacks):
    from django.core.mail import send_mail

    settings.EMAIL_BACKEND = "portal.outbox.OutboxEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Obnova hesla", "text", None, ["a@example.cz"])
    assert OutboxMessage.objects.get().delivered_at is not None
    assert len(mail.outbox) == 1
