"""The transactional outbox: nothing that leaves the database is lost, and nothing is doubled.

Every task enqueue and every e-mail is first written as an :class:`OutboxMessage` row in the same
transaction as the change that causes it (:func:`enqueue`, :func:`enqueue_email`). Right after the
commit :func:`relay` hands the row to the broker (or the mail server), catching any error; the beat
task ``portal.tasks.outbox_relay`` does the same for every row still undelivered, with back-off,
until it succeeds. So:

- a rolled-back change sends nothing (the row is rolled back with it);
- a broker or mail server that is down makes no page fail: the user sees success once the data is
  saved, and delivery happens when the service is back;
- each row is claimed with a conditional update before delivery, so two relays never deliver it at
  the same time. A relay that dies between delivering and marking the row delivered delivers it again
  later: that is why every task is idempotent and every e-mail goes through ``send_once``'s key.

The relay publishes with ``ignore_result=True`` and no publish retry: the result backend is never
touched on the request path, and a broker that is down costs one refused connection, not seconds.

django-celery-outbox was read and not chosen: it is GPL-3.0, needs its own long-running relay
process, pulls in sentry-sdk and structlog, and handles tasks only, not e-mail.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import OutboxMessage, SentMessage

logger = logging.getLogger(__name__)

OUTBOX_EMAIL_BACKEND = "portal.outbox.OutboxEmailBackend"


def enqueue(task, *args, ref: str = "", key: str | None = None, **kwargs) -> OutboxMessage | None:
    """Write ``task(*args, **kwargs)`` to the outbox now; it reaches the broker after the commit.

    ``task`` is a Celery task or its name. ``ref`` tags the row (e.g. ``job:<id>``) so callers can
    ask whether a delivery is still pending; ``key`` makes the enqueue itself idempotent.
    """
    name = task if isinstance(task, str) else task.name
    if key and OutboxMessage.objects.filter(key=key).exists():
        return None
    message = OutboxMessage.objects.create(
        kind=OutboxMessage.Kind.TASK, task_name=name, args=list(args), kwargs=kwargs, ref=ref[:100], key=key
    )
    _relay_after_commit(message.pk)
    return message


def enqueue_email(
    *,
    key: str,
    to: str,
    subject: str,
    body: str,
    html_body: str | None = None,
    attachments: Iterable[tuple[str, bytes | str, str]] = (),
    from_email: str | None = None,
) -> OutboxMessage:
    """Write one e-mail to the outbox; it is sent after the commit (see ``portal.mail.send_once``)."""
    payload = {
        "to": [to] if isinstance(to, str) else list(to),
        "subject": subject,
        "body": body,
        "html_body": html_body,
        "from_email": from_email or settings.DEFAULT_FROM_EMAIL,
        "attachments": [_encode_attachment(*attachment) for attachment in attachments],
    }
    message = OutboxMessage.objects.create(kind=OutboxMessage.Kind.EMAIL, key=key, payload=payload)
    _relay_after_commit(message.pk)
    return message


def _encode_attachment(filename: str, content: bytes | str, mimetype: str) -> dict:
    if isinstance(content, str):
        return {"filename": filename, "text": content, "mimetype": mimetype}
    return {"filename": filename, "base64": base64.b64encode(content).decode("ascii"), "mimetype": mimetype}


def _relay_after_commit(pk: int) -> None:
    transaction.on_commit(lambda: relay(ids=[pk]))


# --- delivery --------------------------------------------------------------------------------


def due_messages(now=None):
    now = now or timezone.now()
    return OutboxMessage.objects.filter(delivered_at__isnull=True, available_at__lte=now).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )


def relay(*, ids: list[int] | None = None, limit: int = 200) -> int:
    """Deliver undelivered rows (those in ``ids``, or every due one). Never raises: a row that
    cannot be delivered stays in the outbox with its error and a later time to try again."""
    try:
        rows = OutboxMessage.objects.filter(delivered_at__isnull=True)
        rows = rows.filter(pk__in=ids) if ids is not None else due_messages()
        pks = list(rows.order_by("created_at", "id").values_list("pk", flat=True)[:limit])
    except Exception:  # the database itself is unreachable: beat tries again
        logger.exception("outbox: cannot read undelivered messages")
        return 0
    delivered = 0
    for pk in pks:
        try:
            delivered += int(_deliver_one(pk))
        except Exception:  # noqa: S112 - logged in _deliver_one; one bad row never stops the others
            logger.exception("outbox: message %s could not be processed", pk)
    return delivered


def _claim(pk: int) -> OutboxMessage | None:
    now = timezone.now()
    lease = now + timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS)
    claimed = (
        OutboxMessage.objects.filter(pk=pk, delivered_at__isnull=True)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=lease)
    )
    return OutboxMessage.objects.get(pk=pk) if claimed else None


def _deliver_one(pk: int) -> bool:
    message = _claim(pk)
    if message is None:
        return False  # delivered already, or another relay holds it right now
    try:
        if message.kind == OutboxMessage.Kind.EMAIL:
            _send_email(message)
        else:
            _publish(message)
    except Exception as exc:
        attempts = message.attempts + 1
        delay = min(settings.OUTBOX_RETRY_MAX_SECONDS, settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** (attempts - 1))
        logger.warning("outbox: delivery of %s failed (attempt %s): %r", message, attempts, exc)
        OutboxMessage.objects.filter(pk=pk).update(
            attempts=attempts,
            last_error=f"{exc.__class__.__name__}: {exc}"[:2000],
            available_at=timezone.now() + timedelta(seconds=delay),
            claimed_until=None,
        )
        return False
    now = timezone.now()
    OutboxMessage.objects.filter(pk=pk).update(
        delivered_at=now, attempts=message.attempts + 1, claimed_until=None, last_error=""
    )
    if message.kind == OutboxMessage.Kind.EMAIL and message.key.startswith("mail:"):
        SentMessage.objects.filter(key=message.key.removeprefix("mail:"), sent_at__isnull=True).update(sent_at=now)
    return True


def _publish(message: OutboxMessage) -> None:
    from .celery import app

    task = app.tasks.get(message.task_name)
    if app.conf.task_always_eager and task is not None:
        # The embedded mode and the tests: "delivering" a task is running it in-process.
        task.apply(args=message.args, kwargs=message.kwargs, throw=True)
        return
    app.send_task(
        message.task_name, args=message.args, kwargs=message.kwargs, ignore_result=True, retry=False
    )


def _delivery_connection():
    backend = settings.EMAIL_BACKEND
    if backend == OUTBOX_EMAIL_BACKEND:
        backend = settings.EMAIL_DELIVERY_BACKEND
    return get_connection(backend)


def _send_email(message: OutboxMessage) -> None:
    data = message.payload
    email = EmailMultiAlternatives(
        subject=data["subject"], body=data["body"], from_email=data.get("from_email"), to=data["to"],
        connection=_delivery_connection(),
    )
    if data.get("html_body"):
        email.attach_alternative(data["html_body"], "text/html")
    for attachment in data.get("attachments", []):
        content = attachment["text"] if "text" in attachment else base64.b64decode(attachment["base64"])
        email.attach(attachment["filename"], content, attachment["mimetype"])
    email.send()


class OutboxEmailBackend:
    """``EMAIL_BACKEND`` for e-mails Django sends by itself (password reset, admin errors): each one
    becomes an outbox row and is delivered by ``EMAIL_DELIVERY_BACKEND``. ``send_once`` writes its
    rows itself; this catches every other send."""

    def __init__(self, fail_silently: bool = False, **kwargs):
        self.fail_silently = fail_silently

    def open(self):
        return False

    def close(self):
        return None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send_messages(self, email_messages) -> int:
        import uuid

        count = 0
        for email in email_messages:
            html = next((content for content, mimetype in getattr(email, "alternatives", []) if mimetype == "text/html"), None)
            attachments = [a for a in email.attachments if isinstance(a, tuple)]
            for recipient in email.recipients():
                enqueue_email(
                    key=f"django-mail:{uuid.uuid4()}", to=recipient, subject=email.subject, body=email.body,
                    html_body=html, attachments=attachments, from_email=email.from_email,
                )
                count += 1
        return count
