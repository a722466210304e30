from django.core import mail

from portal.mail import send_once
from portal.models import OutboxMessage, SentMessage
from portal.outbox import relay


def test_it_sends_once_per_key(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_once(key="k1", to="a@example.cz", subject="Ahoj", body="text") is True
        assert send_once(key="k1", to="a@example.cz", subject="Ahoj", body="text") is False
    assert len(mail.outbox) == 1
    assert SentMessage.objects.get(key="k1").sent_at is not None
    assert OutboxMessage.objects.get(key="mail:k1").delivered_at is not None


def test_it_keeps_the_message_in_the_outbox_while_the_mail_server_is_down(
    db, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.portal.failing_backend.FailingBackend"
    settings.OUTBOX_RETRY_BASE_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        assert send_once(key="k2", to="a@example.cz", subject="Ahoj", body="text") is True
    row = OutboxMessage.objects.get(key="mail:k2")
    assert row.delivered_at is None and row.attempts == 1 and "refused" in row.last_error
    assert SentMessage.objects.get(key="k2").sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_once(key="k2", to="a@example.cz", subject="Ahoj", body="text") is False  # queued already
    assert relay() == 1
    assert relay() == 0
    assert len(mail.outbox) == 1
    assert SentMessage.objects.get(key="k2").sent_at is not None


def test_it_sends_nothing_when_the_change_is_rolled_back(db, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                send_once(key="k3", to="a@example.cz", subject="Ahoj", body="text")
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
    assert not OutboxMessage.objects.exists() and not SentMessage.objects.exists()
    assert mail.outbox == []
