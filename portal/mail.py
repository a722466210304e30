"""Sending e-mail exactly once per key, whatever retries a task goes through."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Municipality, SentMessage


def send_once(
    *,
    key: str,
    to: str,
    subject: str,
    body: str,
    html_body: str | None = None,
    attachments: Iterable[tuple[str, bytes | str, str]] = (),
    municipality: Municipality | None = None,
) -> bool:
    """Send one e-mail for ``key`` unless it was sent before. Returns True when it was sent now.

    The row is claimed with a conditional update, so two workers running the same task cannot both
    send; if sending fails the claim is released and the task's retry sends it later.
    """
    try:
        with transaction.atomic():
            message, _created = SentMessage.objects.get_or_create(
                key=key, defaults={"to": to, "subject": subject[:255], "municipality": municipality}
            )
    except IntegrityError:
        message = SentMessage.objects.get(key=key)
    claimed = SentMessage.objects.filter(pk=message.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    if not claimed:
        return False
    email = EmailMultiAlternatives(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])
    if html_body:
        email.attach_alternative(html_body, "text/html")
    for filename, content, mimetype in attachments:
        email.attach(filename, content, mimetype)
    try:
        email.send()
    except Exception:
        SentMessage.objects.filter(pk=message.pk).update(sent_at=None)
        raise
    return True


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"
