"""Background work of comment rounds. Every task takes ids and is idempotent: invitations are
unique rows, e-mails are keyed in the sent-message log, and one-off work is claimed with a
conditional update."""

from __future__ import annotations

from datetime import datetime

from celery import shared_task
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from portal.celery import RETRY
from portal.jobs import JOB_TASK_OPTIONS, job_run

from .models import Round


def _now(value: str | None) -> datetime:
    if not value:
        return timezone.now()
    parsed = parse_datetime(value)
    if parsed is None:
        raise ValueError(f"not a datetime: {value!r}")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


@shared_task(name="concepts.rounds.tasks.rounds_tick", **RETRY)
def rounds_tick(now: str | None = None) -> dict:
    """Beat, every minute. Opens rounds whose opening time has come (invitations), reminds silent
    invitees before their deadline and does the closing work once the last deadline has passed.
    ``now`` (ISO 8601) lets tests run the clock forward. Running twice is safe: each step is
    idempotent (unique invitations, keyed e-mails, closing claimed once)."""
    from .services import round_close, round_open, round_send_reminders

    moment = _now(now)
    result = {"opened": 0, "invitations": 0, "reminders": 0, "closed": 0}
    scheduled = Round.objects.filter(status=Round.Status.SCHEDULED, opens_at__lte=moment)
    for round_id in scheduled.filter(deadline__gt=moment, opened_at__isnull=True).values_list("pk", flat=True):
        result["invitations"] += round_open(round_id=round_id, now=moment)
        result["opened"] += 1
    for round in scheduled.filter(closed_at__isnull=True).select_related("municipality"):
        result["reminders"] += round_send_reminders(round=round, now=moment)
        result["closed"] += int(round_close(round=round, now=moment))
    return result


@shared_task(**RETRY)
def round_open_task(round_id: int) -> int:
    """Enqueued when a gestor opens a round now, re-opens it or adds people to a running round.
    Creates the missing invitations and e-mails them; a second run sends nothing new."""
    from .services import round_open

    return round_open(round_id=round_id)


@shared_task(**RETRY)
def round_published_task(round_id: int) -> int:
    """Enqueued when the settlement table is published: tells each commenter where their
    settlements are. Claimed per invitee / keyed per e-mail, so a retry notifies nobody twice."""
    from .services import round_notify_settlements

    return round_notify_settlements(round_id=round_id)


@shared_task(**RETRY)
def send_public_confirmation(comment_id: int) -> bool:
    """Enqueued when someone leaves a public comment: the e-mail with the confirmation link.
    Keyed per comment in the sent-message log."""
    from .public_services import send_confirmation

    return send_confirmation(comment_id=comment_id)


@shared_task(**JOB_TASK_OPTIONS)
def export_settlement_xlsx(job_id: str) -> None:
    """The settlement table as XLSX, started from the table page. ``job_run`` claims the job, so a
    redelivered task does not build it twice."""
    from .exports import build_settlement_xlsx

    job_run(job_id, build_settlement_xlsx)


@shared_task(**JOB_TASK_OPTIONS)
def export_settlement_pdf(job_id: str) -> None:
    """The settlement table as PDF (WeasyPrint), started from the table page. Claimed by ``job_run``."""
    from .exports import build_settlement_pdf

    job_run(job_id, build_settlement_pdf)


@shared_task(**RETRY)
def receipt_email_task(receipt_id: int) -> bool:
    """Enqueued when an invitee sends their comments (or changes them after sending): the receipt
    by e-mail. Keyed per receipt in the sent-message log, so a retry sends nothing twice."""
    from .receipts import receipt_send_email

    return receipt_send_email(receipt_id=receipt_id)


@shared_task(**JOB_TASK_OPTIONS)
def council_report_pdf(job_id: str) -> None:
    """The council's report (podklad pro radu) of a settled round as PDF. Claimed by ``job_run``."""
    from .council_report import build_council_pdf

    job_run(job_id, build_council_pdf)


@shared_task(**JOB_TASK_OPTIONS)
def council_report_docx(job_id: str) -> None:
    """The council's report of a settled round as DOCX (officials edit it in Word). Claimed by ``job_run``."""
    from .council_report import build_council_docx

    job_run(job_id, build_council_docx)
