"""The permission rules of DESIGN §4, in one place.

Permissions are checked against a municipality (``user.has_perm("concepts.edit", municipality)``).
Object-level refinements that need an app's models (a social worker sees only the programmes
assigned to them, a partner only the rounds they were invited to) live in that app's
``access.py`` and start from these rules. Querysets are filtered with
:func:`municipalities_for` so that lists never show another municipality's rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import rules
from django.db.models import F, QuerySet

from .roles import Role

if TYPE_CHECKING:
    from .models import Municipality

G, W, C, S, M, P, K = (
    Role.GESTOR,
    Role.WRITER,
    Role.COORDINATOR,
    Role.SOCIAL_WORKER,
    Role.MEMBER,
    Role.PARTNER,
    Role.CONSULTANT,
)

# permission name → roles that hold it in a municipality
RULES: dict[str, frozenset[str]] = {
    # the municipality itself
    "portal.view_municipality": frozenset({G, W, C, S, M, P, K}),
    "portal.invite_members": frozenset({G}),
    "portal.view_audit_log": frozenset({G}),
    "portal.manage_people": frozenset({G}),
    # concept and comment rounds (partners reach a version only through a round: rounds/access.py)
    "concepts.view_concept": frozenset({G, W, C, S, M, K}),
    "concepts.edit_concept": frozenset({G, W}),
    "concepts.approve_concept": frozenset({G}),
    "concepts.manage_rounds": frozenset({G}),
    "concepts.settle_comments": frozenset({G, W}),
    "concepts.comment": frozenset({G, W, C, M, P, K}),
    "concepts.moderate_public_comments": frozenset({G, W}),
    # groups and meetings (social workers, members and partners see only their own groups)
    "workgroups.view_all_groups": frozenset({G, W, C, K}),
    "workgroups.view_own_groups": frozenset({S, M, P}),
    "workgroups.manage_groups": frozenset({G, C}),
    "workgroups.write_minutes": frozenset({G, W, C}),
    "workgroups.raise_group_limit": frozenset({G}),
    # pilots (social workers: only programmes assigned to them, pilots/access.py)
    "pilots.view_aggregates": frozenset({G, W, C, S, M, K}),
    "pilots.view_households": frozenset({G, C, S}),
    "pilots.manage_programmes": frozenset({G, C}),
    "pilots.write_evaluation": frozenset({G, W}),
    # analytics
    "analytics.view_analytics": frozenset({G, W, C, K}),
    "analytics.manage_data": frozenset({G, W, C}),
}

SMALL_COUNT_THRESHOLD = 5


def _memberships(user) -> tuple[dict[int, set[str]], dict[int, Municipality]]:
    """The user's active memberships, read once per request (cached on the user) in one query: the
    roles in each municipality and the municipalities themselves, by name. The municipality gate
    (portal/access.py) reads them from here, and every permission check after it."""
    roles: dict[int, set[str]] | None = getattr(user, "_portal_roles", None)
    municipalities: dict[int, Municipality] | None = getattr(user, "_portal_municipalities", None)
    if roles is None or municipalities is None:
        from .models import Municipality

        roles, municipalities = {}, {}
        rows = (
            Municipality.objects.filter(memberships__user=user, memberships__is_active=True)
            .annotate(membership_role=F("memberships__role")).order_by("name", "pk")
        )
        for municipality in rows:
            roles.setdefault(municipality.pk, set()).add(municipality.membership_role)
            municipalities.setdefault(municipality.pk, municipality)
        user._portal_roles, user._portal_municipalities = roles, municipalities
    return roles, municipalities


def _roles_by_municipality(user) -> dict[int, set[str]]:
    """The user's active roles by municipality id, cached on the user for the request: from the
    memberships the gate read, or else one query of (municipality, role) pairs, no municipality
    instances (a consultant's dashboard asks about hundreds and shows a page of them)."""
    roles: dict[int, set[str]] | None = getattr(user, "_portal_roles", None)
    if roles is None:
        from .models import Membership

        roles = {}
        for municipality_id, role in Membership.objects.filter(user=user, is_active=True).values_list(
                "municipality_id", "role"):
            roles.setdefault(municipality_id, set()).add(role)
        user._portal_roles = roles
    return roles


def roles_in(user, municipality) -> frozenset[str]:
    """The user's active roles in a municipality (object or id), cached on the user for the request."""
    if municipality is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    return frozenset(_roles_by_municipality(user).get(getattr(municipality, "pk", municipality), ()))


def member_municipality(user, slug: str) -> Municipality | None:
    """The municipality with this slug if the user holds an active role there (no query of its own)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return next((m for m in _memberships(user)[1].values() if m.slug == slug), None)


def member_municipalities(user, limit: int | None = None) -> list[Municipality]:
    """``list(municipalities_for(user)[:limit])`` for the navigation: from the memberships the
    gate read, or else one short query (superusers: every municipality, one query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser or getattr(user, "_portal_municipalities", None) is None:
        found = municipalities_for(user).order_by("name", "pk")
        return list(found if limit is None else found[:limit])
    roles, municipalities = _memberships(user)
    allowed = RULES["portal.view_municipality"]
    shown = [m for pk, m in municipalities.items() if roles.get(pk, set()) & allowed]
    return shown if limit is None else shown[:limit]


def forget_roles(user) -> None:
    """Drop the per-request cache after memberships change."""
    for name in ("_portal_roles", "_portal_municipalities"):
        if hasattr(user, name):
            delattr(user, name)


def has_role(user, municipality, *roles: str) -> bool:
    return bool(roles_in(user, municipality) & set(roles))


def _predicate_for(permission: str, allowed: frozenset[str]) -> rules.Predicate:
    def check(user, municipality) -> bool:
        return bool(roles_in(user, municipality) & allowed)

    return rules.Predicate(check, name=permission)


for _name, _roles in RULES.items():
    rules.add_perm(_name, _predicate_for(_name, _roles))


def municipalities_for(user, permission: str = "portal.view_municipality") -> QuerySet:
    """Municipalities in which the user holds the permission. Superusers see all."""
    from .models import Municipality

    if not getattr(user, "is_authenticated", False):
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(
        memberships__user=user, memberships__is_active=True, memberships__role__in=RULES[permission]
    ).distinct()


def suppress_small_counts(user, municipality) -> bool:
    """True when this user sees pilot aggregates only, with counts under 5 hidden."""
    if getattr(user, "is_superuser", False):
        return False
    return not (roles_in(user, municipality) & RULES["pilots.view_households"])


def shown_count(value: int | None, *, suppress: bool) -> str:
    """A count as shown in an aggregate: "<5" when small counts are hidden."""
    if value is None:
        return "–"
    if suppress and 0 < value < SMALL_COUNT_THRESHOLD:
        return "<5"
    return str(value)


def sees_household_identities(user) -> bool:
    """The roles that see household identities (pilots/access.py, ``can_see_identity``): a social
    worker, and a programme's named coordinator. They sign in with a second factor (DESIGN §4)."""
    if not getattr(user, "is_authenticated", False):
        return False
    from django.apps import apps

    from .models import Membership

    if Membership.objects.filter(user=user, is_active=True, role=Role.SOCIAL_WORKER).exists():
        return True
    if not apps.is_installed("pilots"):
        return False
    return apps.get_model("pilots", "Programme").objects.filter(coordinator=user).exists()


def otp_required(user, *, identity_role: bool | None = None) -> bool:
    """Must this person sign in with a second factor? Yes for the roles that see household
    identities; the demo users are exempt in the embedded mode only (``OTP_EXEMPT_DEMO_USERS``)."""
    from django.conf import settings

    if not settings.OTP_REQUIRED:
        return False
    if identity_role is None:
        identity_role = sees_household_identities(user)
    if not identity_role:
        return False
    if settings.OTP_EXEMPT_DEMO_USERS:
        from .demo import USERS

        if user.get_username() in {demo.username for demo in USERS}:
            return False
    return True


def holders(permission: str) -> Iterable[str]:
    return RULES[permission]
