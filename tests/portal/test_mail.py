from django.core import mail

from portal.mail import send_once
from portal.models import SentMessage


def test_it_sends_once_per_key(db):
    assert send_once(key="k1", to="a@example.cz", subject="Ahoj", body="text") is True
    assert send_once(key="k1", to="a@example.cz", subject="Ahoj", body="text") is False
    assert len(mail.outbox) == 1
    assert SentMessage.objects.get(key="k1").sent_at is not None


def test_it_releases_the_claim_when_sending_fails(db, settings):
    settings.EMAIL_BACKEND = "tests.portal.failing_backend.FailingBackend"
    try:
        send_once(key="k2", to="a@example.cz", subject="Ahoj", body="text")
    except ConnectionError:
        pass
    assert SentMessage.objects.get(key="k2").sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_once(key="k2", to="a@example.cz", subject="Ahoj", body="text") is True
