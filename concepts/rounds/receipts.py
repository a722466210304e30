"""A partner's final submission ("odeslat připomínky") and its receipt.

Sending records a :class:`Receipt` listing each comment's number, section and kind, shown as a
page and e-mailed (keyed by the receipt, so a retry sends nothing twice). Until the deadline the
invitee may still change their comments: every change after sending makes a new receipt, and the
gestor's list of invitees shows the latest.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.formatting import cz_datetime
from portal.mail import absolute_url, send_once
from portal.outbox import enqueue

from .models import Comment, Receipt, RoundInvitation

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def receipt_items(invitation: RoundInvitation) -> list[dict]:
    comments = (
        Comment.objects.filter(invitation=invitation, withdrawn_at__isnull=True)
        .select_related("section").order_by("number")
    )
    return [
        {"number": c.number, "section": f"{c.section.number} {c.section.title}".strip(), "kind": c.kind,
         "kind_label": str(c.get_kind_display())}
        for c in comments
    ]


def _receipt_create(invitation: RoundInvitation, now: datetime) -> Receipt:
    items = receipt_items(invitation)
    for _attempt in range(3):
        number = (Receipt.objects.filter(invitation=invitation).aggregate(n=Max("number"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                receipt = Receipt.objects.create(invitation=invitation, number=number, created_at=now, items=items)
                RoundInvitation.objects.filter(pk=invitation.pk).update(submitted_at=now)
                _enqueue_receipt_email(receipt)  # in the outbox with the receipt: sent once it is committed
        except IntegrityError:  # two sends at the same moment: take the next number
            continue
        invitation.submitted_at = now
        receipt.invitation = invitation
        return receipt
    raise ValidationError(_("Your comments could not be sent just now. Try again."))


def _enqueue_receipt_email(receipt: Receipt) -> None:
    from .tasks import receipt_email_task

    enqueue(receipt_email_task, receipt.pk)


def comments_submit(*, invitation: RoundInvitation, actor: User, now: datetime | None = None) -> Receipt:
    """Send the invitee's comments: a receipt now and by e-mail."""
    now = now or timezone.now()
    if actor is None or invitation.user_id not in (None, actor.pk):
        raise ValidationError(_("Only the invitee can send these comments."))
    if not invitation.can_comment_at(now):
        raise ValidationError(_("The deadline has passed; your comments can no longer be sent."))
    if not Comment.objects.filter(invitation=invitation, withdrawn_at__isnull=True).exists():
        raise ValidationError(_("You have no comments to send. If you have none, declare “no comments”."))
    return _receipt_create(invitation, now)


def receipt_after_change(invitation: RoundInvitation | None, now: datetime | None = None) -> Receipt | None:
    """After a comment changes: a new receipt if the invitee had already sent their comments."""
    if invitation is None:
        return None
    submitted = RoundInvitation.objects.filter(pk=invitation.pk).values_list("submitted_at", flat=True).first()
    if submitted is None:
        return None
    return _receipt_create(invitation, now or timezone.now())


def latest_receipt(invitation: RoundInvitation | None) -> Receipt | None:
    if invitation is None:
        return None
    return Receipt.objects.filter(invitation=invitation).order_by("-number").first()


def receipt_send_email(*, receipt_id: int) -> bool:
    """E-mail one receipt to the invitee; keyed, so a second run sends nothing."""
    receipt = Receipt.objects.select_related("invitation__round__municipality").get(pk=receipt_id)
    invitation = receipt.invitation
    round = invitation.round
    if invitation.email.endswith(".invalid"):
        return False
    with translation.override("cs"):
        return send_once(
            key=f"round:{round.pk}:receipt:{receipt.pk}",
            to=invitation.email,
            subject=_("Receipt: your comments on “%(title)s” (no. %(n)s)") % {"title": round.title, "n": receipt.number},
            body=render_to_string("rounds/email/receipt.txt", {
                "round": round, "invitation": invitation, "receipt": receipt,
                "sent_at": cz_datetime(receipt.created_at), "link": absolute_url(receipt.get_absolute_url()),
            }),
            municipality=round.municipality,
        )


def receipts_by_invitation(invitation_ids: list[int]) -> dict[int, Receipt]:
    """{invitation pk: its latest receipt}, in one query, for the gestor's list of invitees."""
    latest: dict[int, Receipt] = {}
    for receipt in Receipt.objects.filter(invitation_id__in=invitation_ids).order_by("invitation_id", "-number"):
        latest.setdefault(receipt.invitation_id, receipt)
    return latest
