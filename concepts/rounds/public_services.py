"""Public consultation: comments without an account, confirmed by e-mail and moderated.

A public comment is invisible until its author has confirmed the address (a signed link) AND staff
have approved it. Rate limits count rows in the database over a window, so they hold across web
processes; the honeypot field is checked in the form (bots get a normal-looking answer).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from concepts.models import VersionSection
from portal.aggregates import changes_aggregates
from portal.concurrency import update_if_unchanged
from portal.mail import absolute_url, send_once
from portal.outbox import enqueue

from .comment_services import _clean_fields, next_number
from .models import Comment, Round

if TYPE_CHECKING:
    from django.contrib.auth.models import User

CONFIRM_SALT = "rounds.public-confirm"
SETTLEMENTS_SALT = "rounds.public-settlements"
CONFIRM_MAX_AGE = 7 * 24 * 3600

# (max comments, window in seconds); override with settings.ROUNDS_PUBLIC_RATE_LIMITS
DEFAULT_RATE_LIMITS = {"email": (5, 3600), "ip": (20, 3600)}


def rate_limits() -> dict[str, tuple[int, int]]:
    return {**DEFAULT_RATE_LIMITS, **getattr(settings, "ROUNDS_PUBLIC_RATE_LIMITS", {})}


def _check_rate(*, email: str, ip: str | None, now: datetime) -> None:
    limits = rate_limits()
    count, window = limits["email"]
    if Comment.objects.filter(
        is_public=True, author_email__iexact=email, created_at__gte=now - timedelta(seconds=window)
    ).count() >= count:
        raise ValidationError({"email": _("Too many comments from this address in a short time. Try again later.")},
                              code="rate_limit")
    count, window = limits["ip"]
    if ip and Comment.objects.filter(
        is_public=True, ip_address=ip, created_at__gte=now - timedelta(seconds=window)
    ).count() >= count:
        raise ValidationError(_("Too many comments from your network in a short time. Try again later."),
                              code="rate_limit")


@changes_aggregates
def public_comment_submit(
    *,
    round: Round,
    section: VersionSection,
    name: str,
    email: str,
    kind: str,
    text: str,
    proposed_wording: str = "",
    quote: str = "",
    paragraph: int | None = None,
    ip: str | None = None,
    now: datetime | None = None,
) -> Comment:
    now = now or timezone.now()
    if not round.is_public or round.state_at(now) != Round.Status.OPEN:
        raise ValidationError(_("This consultation is not open for comments."))
    if section.version_id != round.version_id:
        raise ValidationError({"section": _("Choose a section of the version put out in this round.")})
    name, email = (name or "").strip(), (email or "").strip().lower()
    if not name:
        raise ValidationError({"name": _("Enter your name.")})
    fields = _clean_fields(kind=kind, text=text, proposed_wording=proposed_wording, quote=quote, paragraph=paragraph)
    with transaction.atomic():
        _check_rate(email=email, ip=ip, now=now)
        comment = Comment.objects.create(
            round=round, section=section, author_name=name[:200], author_email=email, is_public=True,
            moderation=Comment.Moderation.PENDING, ip_address=ip, created_at=now, updated_at=now, **fields,
        )
        from .tasks import send_public_confirmation

        enqueue(send_public_confirmation, comment.pk)
    return comment


def confirmation_token(comment: Comment) -> str:
    return signing.dumps({"c": comment.pk, "e": comment.author_email}, salt=CONFIRM_SALT, compress=True)


def send_confirmation(*, comment_id: int) -> bool:
    comment = Comment.objects.select_related("round", "round__municipality").filter(
        pk=comment_id, is_public=True, confirmed_at__isnull=True
    ).first()
    if comment is None:
        return False
    round = comment.round
    with translation.override("cs"):
        return send_once(
            key=f"round:{round.pk}:public-confirm:{comment.pk}",
            to=comment.author_email,
            subject=_("Confirm your comment on %(title)s") % {"title": round.title},
            body=render_to_string(
                "rounds/email/public_confirm.txt",
                {"comment": comment, "round": round,
                 "link": absolute_url(reverse("public:confirm", args=[confirmation_token(comment)]))},
            ),
            municipality=round.municipality,
        )


@changes_aggregates
def public_comment_confirm(*, token: str, now: datetime | None = None) -> Comment:
    now = now or timezone.now()
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        comment = Comment.objects.select_related("round", "round__municipality").get(
            pk=data["c"], author_email=data["e"], is_public=True
        )
    except (signing.BadSignature, Comment.DoesNotExist, KeyError, TypeError):
        raise ValidationError(_("This confirmation link is not valid or has expired.")) from None
    Comment.objects.filter(pk=comment.pk, confirmed_at__isnull=True).update(confirmed_at=now)
    comment.refresh_from_db(fields=["confirmed_at"])
    return comment


@changes_aggregates
def comment_moderate(*, comment: Comment, approve: bool, actor: User, reason: str = "", now: datetime | None = None,
                     expected_version: int | None = None) -> Comment:
    """Approve a confirmed public comment (it gets its number and appears), or hide it with a reason.

    ``expected_version`` is the comment's version as the moderator loaded it: if another moderator
    decided since, :class:`~portal.concurrency.EditConflict` is raised and nothing is saved."""
    now = now or timezone.now()
    if not comment.is_public:
        raise ValidationError(_("Only public comments are moderated."))
    if approve and comment.confirmed_at is None:
        raise ValidationError(_("The author has not confirmed the e-mail address yet."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Say why the comment is hidden.")})
    if comment.round.status == Round.Status.PUBLISHED:
        raise ValidationError(_("The settlement table has been published; moderation can no longer change."))
    with transaction.atomic():
        Round.objects.select_for_update().filter(pk=comment.round_id).first()
        fields = {
            "moderation": Comment.Moderation.APPROVED if approve else Comment.Moderation.HIDDEN,
            "hidden_reason": "" if approve else reason.strip()[:300], "moderated_by": actor, "moderated_at": now,
        }
        if approve and comment.number is None:
            fields["number"] = next_number(comment.round)
        update_if_unchanged(Comment.objects.select_related("moderated_by"), pk=comment.pk,
                            expected_version=expected_version, fields=fields)
        comment.refresh_from_db()
    return comment


def public_settlements_link(round: Round, email: str) -> str:
    token = signing.dumps({"r": round.pk, "e": email.lower()}, salt=SETTLEMENTS_SALT, compress=True)
    return reverse("public:my_settlements", args=[token])


def public_settlements_from_token(token: str) -> tuple[Round, str]:
    try:
        data = signing.loads(token, salt=SETTLEMENTS_SALT)
        round = Round.objects.select_related("municipality", "version").get(
            pk=data["r"], status=Round.Status.PUBLISHED, audience=Round.Audience.PUBLIC
        )
    except (signing.BadSignature, Round.DoesNotExist, KeyError, TypeError):
        raise ValidationError(_("This link is not valid.")) from None
    return round, data["e"]
