"""Writes that touch several models: invitations and memberships."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .audit import audit
from .models import AuditEntry, Invitation, Membership, Municipality, Organisation, Profile, new_nonce
from .outbox import enqueue
from .permissions import forget_roles

if TYPE_CHECKING:
    from django.contrib.auth.models import User

INVITATION_SALT = "portal.invitation"


class InvitationError(Exception):
    """An invitation link that cannot be used; the message is shown to the person."""


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=INVITATION_SALT, compress=True)


def invitation_link(invitation: Invitation) -> str:
    return reverse("invitation_accept", args=[invitation_token(invitation)])


def invitation_from_token(token: str) -> Invitation:
    """The invitation a token names, or InvitationError with a message a person understands."""
    from django.utils.translation import gettext as _

    try:
        data = signing.loads(token, salt=INVITATION_SALT)
        invitation = Invitation.objects.select_related("municipality").get(pk=data["i"], nonce=data["n"])
    except (signing.BadSignature, Invitation.DoesNotExist, KeyError, TypeError):
        raise InvitationError(_("This invitation link is not valid. Check that you copied the whole link.")) from None
    if invitation.is_used:
        raise InvitationError(_("This invitation has already been used. Sign in with your account instead."))
    if invitation.is_expired:
        raise InvitationError(_("This invitation has expired. Ask the person who invited you to send a new one."))
    return invitation


def invitation_create(
    *,
    municipality: Municipality,
    email: str,
    role: str,
    actor: User,
    organisation: Organisation | None = None,
    next_url: str = "",
) -> Invitation:
    """Invite a person to a role. An open invitation for the same e-mail and role is re-issued
    (new nonce, new expiry) rather than duplicated; the e-mail goes out after commit."""
    from .tasks import send_invitation_email

    email = email.strip().lower()
    expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    with transaction.atomic():
        invitation, created = Invitation.objects.select_for_update().get_or_create(
            municipality=municipality,
            email=email,
            role=role,
            accepted_at__isnull=True,
            defaults={
                "organisation": organisation,
                "invited_by": actor,
                "expires_at": expires_at,
                "next_url": next_url,
            },
        )
        if not created and invitation.is_expired:
            invitation.nonce = new_nonce()
            invitation.expires_at = expires_at
            invitation.save(update_fields=["nonce", "expires_at"])
        audit(actor=actor, action=AuditEntry.Action.INVITE, obj=invitation, municipality=municipality)
        # Keyed by the nonce in the sent-message log: inviting again before expiry sends nothing new.
        enqueue(send_invitation_email, invitation.pk)
    return invitation


def membership_grant(
    *, user, municipality: Municipality, role: str, organisation: Organisation | None = None
) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, municipality=municipality, role=role, defaults={"organisation": organisation}
    )
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    forget_roles(user)
    return membership


def invitation_accept(*, invitation: Invitation, user=None, first_name: str = "", last_name: str = "", password: str = ""):
    """Activate the invitation: create the account if there is none, grant the membership and mark
    the link used. The conditional update makes a second click (or a race) fail cleanly."""
    from django.utils.translation import gettext as _

    User = get_user_model()
    with transaction.atomic():
        used = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(accepted_at=timezone.now())
        if not used:
            raise InvitationError(_("This invitation has already been used. Sign in with your account instead."))
        if user is None:
            user = User.objects.create_user(
                username=_unique_username(invitation.email),
                email=invitation.email,
                password=password,
                first_name=first_name,
                last_name=last_name,
            )
        Profile.objects.get_or_create(user=user, defaults={"organisation": invitation.organisation})
        membership_grant(
            user=user, municipality=invitation.municipality, role=invitation.role, organisation=invitation.organisation
        )
        Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
    return user


def _unique_username(email: str) -> str:
    User = get_user_model()
    base = email[:140]
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate
