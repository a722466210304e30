"""Publishing a settled round's table and telling every commenter where their settlements are."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.audit import audit
from portal.mail import absolute_url, send_once
from portal.models import AuditEntry
from portal.notifications import notify
from portal.outbox import enqueue

from .models import Comment, Round, RoundInvitation

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def round_publish(*, round: Round, actor: User, now: datetime | None = None) -> Round:
    """Publish the settlement table: partners then see every settlement of the round, and each
    commenter is told (by the worker) where to find their own."""
    now = now or timezone.now()
    if round.status != Round.Status.SETTLED:
        raise ValidationError(_("Complete the settlement before publishing the table."))
    with transaction.atomic():
        Round.objects.filter(pk=round.pk).update(status=Round.Status.PUBLISHED, published_at=now)
        round.status, round.published_at = Round.Status.PUBLISHED, now
        audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=round, detail={"status": "published"})
        from .tasks import round_published_task

        enqueue(round_published_task, round.pk)
    return round


def round_notify_settlements(*, round_id: int) -> int:
    """Tell every commenter of a published round where their settlements are. People with an
    account get a notification (immediate or digest, as they chose), claimed per invitation;
    public commenters an e-mail keyed per address. Safe to repeat."""
    from django.urls import reverse

    from .public_services import public_settlements_link

    round = Round.objects.select_related("municipality").get(pk=round_id)
    if round.status != Round.Status.PUBLISHED:
        return 0
    count = 0
    comments = Comment.objects.filter(round=round).active()
    invitation_ids = set(comments.filter(invitation__isnull=False).values_list("invitation_id", flat=True))
    mine_url = reverse("rounds:my_comments", args=[round.municipality.slug, round.pk])
    with translation.override("cs"):
        subject = _("Your comments on “%(title)s” have been settled") % {"title": round.title}
        for invitation in RoundInvitation.objects.filter(pk__in=invitation_ids, user__isnull=False).select_related("user"):
            with transaction.atomic():
                claimed = RoundInvitation.objects.filter(pk=invitation.pk, settlements_notified_at__isnull=True).update(
                    settlements_notified_at=timezone.now()
                )
                if claimed:
                    notify(
                        user=invitation.user, subject=subject,
                        body=_("The settlement table has been published. See how each of your comments was settled."),
                        url=mine_url, municipality=round.municipality,
                    )
                    count += 1
        for email in sorted(set(comments.filter(is_public=True).values_list("author_email", flat=True))):
            count += int(send_once(
                key=f"round:{round.pk}:settled:public:{email.lower()}",
                to=email,
                subject=subject,
                body=render_to_string(
                    "rounds/email/public_settled.txt",
                    {"round": round, "link": absolute_url(public_settlements_link(round, email))},
                ),
                municipality=round.municipality,
            ))
    return count
