"""Deadlines of a round: counted in Czech working days, moved only forward of what has been
received, and closing a round early, safely.

Every deadline change (moving it, closing early, re-opening) is audited and told to the invitees:
people with an account get a notification (e-mailed as they chose), the others an e-mail keyed
per change, so a retried task never sends it twice.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

import holidays
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.audit import audit
from portal.formatting import cz_datetime
from portal.mail import absolute_url, send_once
from portal.models import AuditEntry
from portal.notifications import notify

from .models import Comment, Round, RoundInvitation

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DEFAULT_WORKING_DAYS = 15


@lru_cache(maxsize=32)
def _czech_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("CZ", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _czech_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (Czech public holidays, Easter included)."""
    if days < 1:
        raise ValueError("days must be 1 or more")
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_day_deadline(opens_at: datetime, days: int) -> datetime:
    """The end (23:59) of the ``days``-th working day after the opening day, in local time."""
    local = timezone.localtime(opens_at)
    last = add_working_days(local.date(), days)
    return timezone.make_aware(datetime.combine(last, time(23, 59)), timezone.get_current_timezone())


def latest_comment_at(round: Round) -> datetime | None:
    """When the last comment that still counts was received (withdrawn ones included: they were received)."""
    return Comment.objects.filter(round=round).aggregate(latest=Max("created_at"))["latest"]


def validate_new_deadline(round: Round, deadline: datetime, now: datetime) -> None:
    """A started round's deadline may not move before now nor before a comment already received:
    that would close the round silently and leave a comment "after the deadline" on the record."""
    if deadline <= now:
        raise ValidationError({"deadline": _(
            "The deadline cannot be moved to the past. To end the round now, use “Close the round now”."
        )})
    latest = latest_comment_at(round)
    if latest and deadline <= latest:
        raise ValidationError({"deadline": _(
            "A comment was received on %(when)s; the deadline cannot be earlier than that."
        ) % {"when": cz_datetime(latest)}})


def notify_invitees(*, round: Round, key: str, subject: str, body: str) -> int:
    """Tell every invitee of the round: a notification for people with an account, an e-mail
    (keyed by ``key``) for the others. Returns how many were told."""
    link = reverse("rounds:round_detail", args=[round.municipality.slug, round.pk])
    told = 0
    for invitation in RoundInvitation.objects.filter(round=round).select_related("user"):
        if invitation.user_id:
            notify(user=invitation.user, subject=subject, body=body, url=link, municipality=round.municipality)
            told += 1
        elif not invitation.email.endswith(".invalid"):
            told += int(send_once(key=f"round:{round.pk}:{key}:{invitation.pk}", to=invitation.email,
                                  subject=subject, body=f"{body}\n\n{absolute_url(link)}",
                                  municipality=round.municipality))
    return told


def deadline_changed(*, round: Round, actor: User, old: datetime, new: datetime) -> None:
    """Audit a moved deadline and tell the invitees (call inside the transaction that saved it)."""
    audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=round,
          detail={"deadline_from": old.isoformat(), "deadline_to": new.isoformat()})
    with translation.override("cs"):
        subject = _("The deadline of “%(title)s” is now %(deadline)s") % {
            "title": round.title, "deadline": cz_datetime(new)}
        notify_invitees(round=round, key=f"deadline:{new.isoformat()}", subject=subject, body=subject)


def close_early_preview(round: Round) -> dict:
    """What the gestor must see before closing early: the silent invitees and the pending
    requests for more time."""
    from .services import silent_invitations

    return {
        "silent": list(silent_invitations(round).select_related("organisation").order_by("organisation__name", "name")),
        "pending_extensions": list(
            RoundInvitation.objects.filter(round=round, extension_requested_at__isnull=False,
                                           extension_decided_at__isnull=True).select_related("organisation")
        ),
    }


def round_close_early(*, round: Round, actor: User, now: datetime | None = None) -> Round:
    """Close an open round now. The deadline becomes now (later than every comment received, by
    definition), personal extensions end now, pending requests for more time are refused, the act
    is audited and the invitees are told. Then the closing-time work runs as after any deadline."""
    from .services import round_close

    now = now or timezone.now()
    round = Round.objects.select_related("municipality").get(pk=round.pk)
    if not round.can_close_early:
        raise ValidationError(_("Only an open round can be closed early."))
    preview = close_early_preview(round)
    old = round.deadline
    with transaction.atomic():
        claimed = Round.objects.filter(pk=round.pk, deadline=old).update(deadline=now, closed_early_at=now)
        if not claimed:
            raise ValidationError(_("Someone changed the deadline in the meantime. Reload the page."))
        round.deadline, round.closed_early_at = now, now
        RoundInvitation.objects.filter(round=round, extension_until__gt=now).update(extension_until=now)
        RoundInvitation.objects.filter(
            round=round, extension_requested_at__isnull=False, extension_decided_at__isnull=True
        ).update(extension_decided_at=now, extension_refused=True, edit_version=F("edit_version") + 1)
        audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=round, detail={
            "closed_early": now.isoformat(), "deadline_was": old.isoformat(),
            "silent": [i.email for i in preview["silent"]],
            "pending_extensions_refused": [i.email for i in preview["pending_extensions"]],
        })
        with translation.override("cs"):
            subject = _("The round “%(title)s” was closed early") % {"title": round.title}
            body = _("The concept owner closed the round on %(when)s; the original deadline was %(old)s. "
                     "Comments can no longer be sent.") % {"when": cz_datetime(now), "old": cz_datetime(old)}
            notify_invitees(round=round, key=f"closed-early:{now.isoformat()}", subject=subject, body=body)
    round_close(round=round, now=now)
    return round
