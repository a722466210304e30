"""Every access decision of analytics, in one place.

Indicators and datasets (issue "indicators and data"):

- gestor, writer and coordinator enter values and submit periods for their own municipality, set
  baselines, milestones and targets, override a status and upload datasets;
- the consultant approves, returns, locks and reopens periods of the municipalities assigned to
  them, and sets the agency's own targets;
- members see their municipality's indicators;
- partners see none, unless the municipality publishes an indicator;
- another municipality's data answers 404.

The agency's side (issue "the agency's side"):

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

from typing import NamedTuple

import rules
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from concepts.rounds.access import rounds_visible_to
from portal.models import Membership, Municipality
from portal.permissions import holders, municipalities_for, roles_in
from portal.roles import Role

from .models import (
    Dataset,
    DatasetUpload,
    DatasetVersion,
    IndicatorValue,
    MunicipalityIndicator,
    ValidationFlag,
)

MANAGE_ROLES = frozenset({Role.CONSULTANT})
G, W, C, M, P, K = Role.GESTOR, Role.WRITER, Role.COORDINATOR, Role.MEMBER, Role.PARTNER, Role.CONSULTANT

VIEW_INDICATORS = "analytics.view_indicators"
ENTER_VALUES = "analytics.enter_values"
APPROVE_VALUES = "analytics.approve_values"
REOPEN_VALUES = "analytics.reopen_values"
OVERRIDE_STATUS = "analytics.override_status"
SET_AGENCY_TARGETS = "analytics.set_agency_targets"
VIEW_DATASETS = "analytics.view_datasets"
UPLOAD_DATASETS = "analytics.upload_datasets"

INDICATOR_RULES: dict[str, frozenset[str]] = {
    VIEW_INDICATORS: frozenset({G, W, C, M, K}),
    ENTER_VALUES: frozenset({G, W, C}),
    APPROVE_VALUES: frozenset({K}),
    REOPEN_VALUES: frozenset({G, K}),
    OVERRIDE_STATUS: frozenset({G, W, C}),
    SET_AGENCY_TARGETS: frozenset({K}),
    VIEW_DATASETS: frozenset({G, W, C, K}),
    UPLOAD_DATASETS: frozenset({G, W, C, K}),
}


def _predicate(name: str, allowed: frozenset[str]) -> rules.Predicate:
    def check(user, municipality) -> bool:
        return bool(roles_in(user, municipality) & allowed)

    return rules.Predicate(check, name=name)


for _name, _roles in INDICATOR_RULES.items():
    if not rules.perm_exists(_name):
        rules.add_perm(_name, _predicate(_name, _roles))


def can(user, permission: str, municipality) -> bool:
    return bool(user.is_superuser or user.has_perm(permission, municipality))


def sees_all_indicators(user, municipality) -> bool:
    return can(user, VIEW_INDICATORS, municipality)


def visible_plans(user, municipality) -> QuerySet[MunicipalityIndicator]:
    """The municipality's indicators this user may see: all of them for its staff, members and
    consultant; only the published ones for a partner; none for anyone else."""
    plans = MunicipalityIndicator.objects.filter(municipality=municipality)
    if sees_all_indicators(user, municipality):
        return plans
    if P in roles_in(user, municipality):
        return plans.filter(is_published=True)
    return plans.none()


def plan_for(user, municipality, pk: int) -> MunicipalityIndicator:
    """One of the municipality's indicators, or 404 (another municipality's, or not visible)."""
    return get_object_or_404(
        visible_plans(user, municipality).select_related("indicator", "municipality", "override_by"), pk=pk
    )


def value_for(municipality, pk: int) -> IndicatorValue:
    return get_object_or_404(
        IndicatorValue.objects.select_related("plan__indicator", "plan__municipality"),
        plan__municipality=municipality, pk=pk,
    )


def flag_for(municipality, pk: int) -> ValidationFlag:
    return get_object_or_404(
        ValidationFlag.objects.select_related("value__plan__indicator", "value__plan__municipality"),
        value__plan__municipality=municipality, pk=pk,
    )


def dataset_for(municipality, pk: int) -> Dataset:
    return get_object_or_404(Dataset.objects.select_related("municipality"), municipality=municipality, pk=pk)


def dataset_version_for(dataset: Dataset, number: int) -> DatasetVersion:
    return get_object_or_404(
        DatasetVersion.objects.select_related("dataset__municipality", "uploaded_by"), dataset=dataset,
        number=number, is_complete=True,
    )


def upload_for(municipality, pk: int) -> DatasetUpload:
    return get_object_or_404(
        DatasetUpload.objects.select_related("municipality", "uploaded_by", "version"), municipality=municipality,
        pk=pk,
    )


def require(user, permission: str, municipality, *, hide: bool = False) -> None:
    """A second check inside a view for an action stricter than the page's."""
    from django.core.exceptions import PermissionDenied

    if not can(user, permission, municipality):
        raise Http404 if hide else PermissionDenied


def consultant_municipalities(user) -> QuerySet:
    """The municipalities assigned to a consultant (all for a superuser)."""
    from portal.models import Municipality

    if not getattr(user, "is_authenticated", False):
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(
        memberships__user=user, memberships__is_active=True, memberships__role=K
    ).distinct()


# --- the agency's side: dashboard, targets, cooperation, events, report ------------------------

VIEW = "analytics.view_analytics"


def analysable(user) -> QuerySet[Municipality]:
    """The municipalities the user may analyse."""
    return municipalities_for(user, VIEW)


def analysable_among(user, municipalities) -> list[int]:
    """The ids of those of ``municipalities`` the user may analyse: :func:`analysable`'s rule, read
    off the user's roles (cached for the request), so hundreds cost no query."""
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser:
        return [m.pk for m in municipalities]
    allowed = holders(VIEW)
    return [m.pk for m in municipalities if roles_in(user, m) & allowed]


def dashboard_scope(user) -> list[Municipality]:
    """The user's municipalities for the dashboard; 404 when there are none."""
    municipalities = list(analysable(user).order_by("name"))
    if not municipalities and not user.is_superuser:
        raise Http404
    return municipalities


class ScopeRow(NamedTuple):
    pk: int
    name: str
    slug: str
    region: str


def dashboard_scope_values(user) -> list[ScopeRow]:
    """:func:`dashboard_scope`'s municipalities by name, as (pk, name, slug, region): no model
    instances (the dashboard builds those only for the page it shows); 404 when there are none."""
    municipalities = [ScopeRow(*values) for values in
                      analysable(user).order_by("name", "pk").values_list("pk", "name", "slug", "region")]
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


def subscription_scope(user, municipality_id: int | None) -> list[Municipality]:
    """What a subscription's report covers: one municipality (if still analysable) or all the user's."""
    scope = analysable(user).order_by("name")
    if municipality_id is not None:
        scope = scope.filter(pk=municipality_id)
    return list(scope)
