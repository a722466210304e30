"""Sending e-mail exactly once per key, whatever retries a task goes through."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction

from .models import Municipality, SentMessage
from .outbox import enqueue_email


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
    """Send one e-mail for ``key`` unless it was sent (or queued) before. Returns True when it was
    queued now.

    The sent-message row and the outbox row are written in one transaction with the caller's
    change, so the e-mail leaves exactly when that change is committed; the outbox relay sends it
    after the commit and beat retries it until the mail server takes it (``portal/outbox.py``). The
    unique key makes a second call — a retried task, two workers at once — queue nothing.
    """
    try:
        with transaction.atomic():
            SentMessage.objects.create(key=key, to=to, subject=subject[:255], municipality=municipality)
            enqueue_email(key=f"mail:{key}"[:220], to=to, subject=subject, body=body, html_body=html_body,
                          attachments=attachments)
    except IntegrityError:
        return False
    return True


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"
