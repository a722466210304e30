"""People and roles, managed by the gestor in the portal (not in /admin/).

Every change is written to the audit log with who did it (the actor), to whom, and from what to
what. Deactivating a membership ends the person's open sessions at once, so the next request of a
browser they left signed in is refused; their new rights apply from their next sign-in.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from .audit import audit
from .concurrency import update_if_unchanged
from .models import AuditEntry, Membership, UserSession
from .roles import Role

User = get_user_model()


# --- sessions ----------------------------------------------------------------------------------


def session_record(*, user: User, session_key: str) -> None:
    """Remember a signed-in session (on sign-in), so that it can be ended later."""
    if session_key:
        UserSession.objects.get_or_create(session_key=session_key, defaults={"user": user})


def session_forget(*, session_key: str) -> None:
    UserSession.objects.filter(session_key=session_key).delete()


def sessions_end_for(*, user: User) -> int:
    """End every open session of ``user`` now, whatever the session engine. Returns how many."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    UserSession.objects.filter(user=user, session_key__in=keys).delete()
    return len(keys)


# --- memberships -------------------------------------------------------------------------------


def _whom(membership: Membership) -> dict:
    user = membership.user
    return {"whom": user.get_username(), "whom_name": user.get_full_name() or user.get_username()}


def _keeps_a_gestor(membership: Membership, field: str | None = None) -> None:
    """A municipality never loses its last active gestor: nobody could manage people any more."""
    if membership.role != Role.GESTOR or not membership.is_active:
        return
    others = Membership.objects.filter(
        municipality_id=membership.municipality_id, role=Role.GESTOR, is_active=True, user__is_active=True
    ).exclude(pk=membership.pk)
    if not others.exists():
        message = _("This is the municipality's only concept owner (gestor). Name another one first.")
        raise ValidationError({field: message} if field else message)


@transaction.atomic
def membership_change_role(*, membership: Membership, actor: User, role: str, expected_version: int) -> Membership:
    """Give a person another role in the same municipality (the membership keeps its history)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    if role == membership.role:
        return membership
    if Membership.objects.filter(user_id=membership.user_id, municipality_id=membership.municipality_id,
                                 role=role).exclude(pk=membership.pk).exists():
        raise ValidationError({"role": _("This person already holds that role here.")})
    _keeps_a_gestor(membership, "role")
    old = membership.role
    update_if_unchanged(Membership.objects.select_related("user"), pk=membership.pk,
                        expected_version=expected_version, fields={"role": role})
    membership = Membership.objects.select_related("user", "municipality").get(pk=membership.pk)
    audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=membership, municipality=membership.municipality,
          detail={**_whom(membership), "field": "role", "from": old, "to": role})
    return membership


@transaction.atomic
def membership_set_active(*, membership: Membership, actor: User, active: bool, expected_version: int) -> Membership:
    """Deactivate (or reactivate) a membership. Deactivating ends the person's sessions at once."""
    if membership.is_active == active:
        return membership
    if not active:
        _keeps_a_gestor(membership)
    update_if_unchanged(Membership.objects.select_related("user"), pk=membership.pk,
                        expected_version=expected_version, fields={"is_active": active})
    membership = Membership.objects.select_related("user", "municipality").get(pk=membership.pk)
    ended = 0 if active else sessions_end_for(user=membership.user)
    audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=membership, municipality=membership.municipality,
          detail={**_whom(membership), "field": "is_active", "from": not active, "to": active,
                  "sessions_ended": ended})
    return membership


# --- social workers of a programme -------------------------------------------------------------


class AssignmentConflict(Exception):
    """Someone changed a programme's social workers after this person loaded them."""

    def __init__(self, current: list[str]):
        super().__init__("assignment conflict")
        self.current = current



@transaction.atomic
def programme_assign_social_workers(
    *, programme: models.Model, actor: User, social_workers: list, expected: list[int] | None = None
) -> models.Model:
    """Set the social workers assigned to a pilot programme (``pilots.Programme.social_workers``).

    Only people with an active social-worker role in the programme's municipality can be assigned;
    the change is audited with the list before and after. ``expected`` is the assignment the gestor
    loaded: when someone changed it meanwhile, :class:`AssignmentConflict` is raised, nothing saved."""
    municipality_id = programme.municipality_id
    eligible = set(
        Membership.objects.filter(municipality_id=municipality_id, role=Role.SOCIAL_WORKER, is_active=True,
                                  user__is_active=True).values_list("user_id", flat=True)
    )
    chosen = {user.pk: user for user in social_workers}
    if set(chosen) - eligible:
        raise ValidationError({"social_workers": _("Only social workers of this municipality can be assigned.")})
    type(programme).objects.select_for_update().filter(pk=programme.pk).first()  # serialise two gestors
    before = {user.pk: user.get_username() for user in programme.social_workers.all()}
    if expected is not None and sorted(before) != sorted(expected):
        raise AssignmentConflict(sorted(before.values()))
    if set(before) == set(chosen):
        return programme
    programme.social_workers.set(list(chosen.values()))
    added = sorted(u.get_username() for pk, u in chosen.items() if pk not in before)
    removed = sorted(name for pk, name in before.items() if pk not in chosen)
    audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=programme, municipality=programme.municipality,
          detail={"field": "social_workers", "from": sorted(before.values()),
                  "to": sorted(u.get_username() for u in chosen.values()), "added": added, "removed": removed})
    return programme
