"""Every access decision of analytics, in one place.

- The dashboard, the targets and the all-municipalities report: the municipalities where the user
  holds ``analytics.view_analytics`` (gestor, writer, coordinator, consultant; a superuser: all).
  Someone with none (a partner, a member) gets 404, as if the page did not exist.
- A municipality's analytics, cooperation and report pages: ``municipality_view(VIEW, hide=True)``,
  so a partner of that municipality gets 404 too.
- Editing the cooperation description, the criteria and their scores: the municipality's
  consultants (and superusers); managing good-practice events: anyone who is a consultant somewhere.
- A round is listed only when ``rounds_visible_to`` shows it (drafts stay with their preparers).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from concepts.rounds.access import rounds_visible_to
from portal.models import Membership, Municipality
from portal.permissions import municipalities_for, roles_in
from portal.roles import Role

VIEW = "analytics.view_analytics"
MANAGE_ROLES = frozenset({Role.CONSULTANT})


def analysable(user) -> QuerySet[Municipality]:
    """The municipalities the user may analyse."""
    return municipalities_for(user, VIEW)


def dashboard_scope(user) -> list[Municipality]:
    """The user's municipalities for the dashboard; 404 when there are none."""
    municipalities = list(analysable(user).order_by("name"))
    if not municipalities and not user.is_superuser:
        raise Http404
    return municipalities


def is_all_scope(user) -> bool:
    return bool(user.is_superuser)


def can_manage_cooperation(user, municipality) -> bool:
    return bool(user.is_superuser or roles_in(user, municipality) & MANAGE_ROLES)


def require_manage_cooperation(user, municipality) -> None:
    from django.core.exceptions import PermissionDenied

    if not can_manage_cooperation(user, municipality):
        raise PermissionDenied


def can_manage_events(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or Membership.objects.filter(
        user=user, is_active=True, role__in=MANAGE_ROLES).exists())


def require_manage_events(user) -> None:
    """The events pages exist only for consultants (404 for everyone else)."""
    if not can_manage_events(user):
        raise Http404


def event_for(user, pk: int):
    from .models import GoodPracticeEvent

    require_manage_events(user)
    return get_object_or_404(GoodPracticeEvent, pk=pk)


def event_file_for(user, pk: int):
    """A conference's file, for consultants and for those who may analyse a municipality that attended."""
    from .models import EventFile

    file = get_object_or_404(EventFile.objects.select_related("event"), pk=pk)
    if can_manage_events(user):
        return file
    if file.event.attendance.filter(municipality__in=analysable(user)).exists():
        return file
    raise Http404


def rounds_for(user, municipality):
    """The rounds of a municipality this user may see (never a draft they may not prepare)."""
    return rounds_visible_to(user, municipality)


def can_subscribe(user) -> bool:
    return bool(user.is_superuser or analysable(user).exists())


def subscription_scope(user, municipality_id: int | None) -> list[Municipality]:
    """What a subscription's report covers: one municipality (if still analysable) or all the user's."""
    scope = analysable(user).order_by("name")
    if municipality_id is not None:
        scope = scope.filter(pk=municipality_id)
    return list(scope)
