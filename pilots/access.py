"""Who may see which pilot records (DESIGN §4), one condition per line.

Three levels:

* **Aggregates** (programmes, flats, indicators): every role with ``pilots.view_aggregates``.
  Those without household access see counts under 5 as "<5" (``suppress_small_counts``).
* **Household records** (pseudonymous: code, stage, referral, placement, support, exit): the
  gestor and the coordinator role see every programme of their municipality; a social worker
  only the programmes they are assigned to. A household keeps one identity across programmes, as
  a sequence of enrolments (referrals): its record is open to the workers of every programme it
  was ever enrolled in, so the crisis worker keeps reading the case (and its follow-ups) after the
  move up, and the receiving programme's workers see it from the transfer on. Changing a
  placement, a referral or a plan stays with the programme it belongs to. Everyone else gets 404, as if the household did not
  exist: the writer, members, partners and consultants never reach a household page.
* **Identifying data** (name, year of birth, contact): stricter still, on purpose. Only the
  social workers assigned to the household's programme and that programme's named coordinator.
  The gestor and other coordinators work with the pseudonymous record; they do not need to know
  who the family is to run or evaluate the programme (data minimisation, GDPR art. 5(1)(c)).
  Superusers are not let in either: an administrator handles a data subject's request through the
  admin, which logs nothing about names in lists. Anonymised households have no identity left.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from portal.models import Municipality
from portal.permissions import has_role, suppress_small_counts
from portal.roles import Role

from .models import EvaluationReport, Flat, Household, Placement, Programme, Referral, SupportPlan

VIEW_HOUSEHOLDS = "pilots.view_households"


def programmes_of(municipality: Municipality) -> QuerySet[Programme]:
    return Programme.objects.filter(municipality=municipality)


def get_programme(municipality: Municipality, pk: int) -> Programme:
    return get_object_or_404(programmes_of(municipality), pk=pk)


def get_flat(municipality: Municipality, pk: int) -> Flat:
    return get_object_or_404(Flat.objects.filter(municipality=municipality).select_related("programme"), pk=pk)


def household_programmes(user, municipality: Municipality) -> QuerySet[Programme]:
    """Programmes whose household records this user may open."""
    return household_programmes_many(user, [municipality])


def household_programmes_many(user, municipalities) -> QuerySet[Programme]:
    """Programmes of these municipalities whose household records this user may open (one queryset)."""
    if not user.is_authenticated:
        return Programme.objects.none()
    municipalities = list(municipalities)
    if user.is_superuser:
        return Programme.objects.filter(municipality__in=[m.pk for m in municipalities])
    allowed = [m for m in municipalities if user.has_perm(VIEW_HOUSEHOLDS, m)]
    every = [m.pk for m in allowed if has_role(user, m, Role.GESTOR, Role.COORDINATOR)]
    assigned = [m.pk for m in allowed if m.pk not in every]
    if not every and not assigned:
        return Programme.objects.none()
    if not assigned:
        return Programme.objects.filter(municipality__in=every)
    if not every:
        return Programme.objects.filter(municipality__in=assigned, social_workers=user)
    return Programme.objects.filter(
        Q(municipality__in=every) | Q(pk__in=Programme.objects.filter(municipality__in=assigned, social_workers=user)
                                      .values("pk")))


def can_see_households(user, programme: Programme) -> bool:
    return household_programmes(user, programme.municipality).filter(pk=programme.pk).exists()


def households_for(user, municipality: Municipality) -> QuerySet[Household]:
    """Households now in, or ever enrolled in, a programme whose records the user may open."""
    programmes = household_programmes(user, municipality)
    enrolled = Referral.objects.filter(household=OuterRef("pk"), programme__in=programmes)
    return Household.objects.filter(municipality=municipality).filter(Q(programme__in=programmes) | Exists(enrolled))


def can_edit_household(user, household: Household) -> bool:
    """The coded record and the identity are kept by the programme now responsible."""
    return can_see_households(user, household.programme)


def get_household(user, municipality: Municipality, pk: int) -> Household:
    """The household, or 404 for anyone who may not see it (the same answer as "no such one")."""
    return get_object_or_404(households_for(user, municipality).select_related("programme"), pk=pk)


def can_see_identity(user, household: Household) -> bool:
    if household.anonymised_at is not None:
        return False
    if not user.is_authenticated:
        return False
    programme = household.programme
    if programme.coordinator_id == user.pk:
        return True
    if not has_role(user, household.municipality_id, Role.SOCIAL_WORKER):
        return False
    return programme.social_workers.filter(pk=user.pk).exists()


def get_household_with_identity(user, municipality: Municipality, pk: int) -> Household:
    household = get_household(user, municipality, pk)
    if not can_see_identity(user, household):
        raise Http404
    return household


def get_referral(user, municipality: Municipality, pk: int) -> Referral:
    return get_object_or_404(
        Referral.objects.filter(programme__in=household_programmes(user, municipality)).select_related(
            "household", "programme"
        ),
        pk=pk,
    )


def get_placement(user, municipality: Municipality, pk: int) -> Placement:
    return get_object_or_404(
        Placement.objects.filter(programme__in=household_programmes(user, municipality)).select_related(
            "household", "programme", "flat"
        ),
        pk=pk,
    )


def get_plan(user, municipality: Municipality, pk: int) -> SupportPlan:
    return get_object_or_404(
        SupportPlan.objects.filter(programme__in=household_programmes(user, municipality)).select_related("household"),
        pk=pk,
    )


def get_evaluation(municipality: Municipality, pk: int) -> EvaluationReport:
    return get_object_or_404(
        EvaluationReport.objects.filter(programme__municipality=municipality).select_related("programme"), pk=pk
    )


# --- the evaluation's two versions -------------------------------------------------------------

INTERNAL, EXTERNAL = "internal", "external"


def evaluation_version(user, programme: Programme) -> str | None:
    """Which version of the programme's evaluation the user reads, or None (404).

    Internal (full figures): the municipality's staff and council — who writes evaluations
    (gestor, methodologist), who sees household records (coordinators, social workers) and the
    programme's own coordinator. External (small counts and everything they could be worked out
    from suppressed): every other reader of the aggregates, such as the consultant and members."""
    municipality = programme.municipality
    if not user.is_authenticated:
        return None
    if user.is_superuser or user.has_perm("pilots.write_evaluation", municipality) or programme.coordinator_id == user.pk:
        return INTERNAL
    if not suppress_small_counts(user, municipality):
        return INTERNAL
    if user.has_perm("pilots.view_aggregates", municipality):
        return EXTERNAL
    return None


def can_write_evaluation(user, municipality: Municipality) -> bool:
    return user.has_perm("pilots.write_evaluation", municipality)


def evaluations_for(user, programme: Programme):
    """Drafts stay inside: an external reader sees approved reports only."""
    reports = programme.evaluations.select_related("approved_by")
    if evaluation_version(user, programme) == EXTERNAL:
        reports = reports.filter(status=EvaluationReport.Status.APPROVED)
    return reports


# --- figures for readers outside the municipality ---------------------------------------------


def sees_flat_addresses(user, programme: Programme | None, municipality: Municipality) -> bool:
    """Street addresses (and which flat is occupied) only for the programme's staff: those who
    may open its household records. Aggregate roles see counts by district."""
    if programme is None:
        return household_programmes(user, municipality).exists() and not suppress_small_counts(user, municipality)
    return can_see_households(user, programme)


def last_completed_month_end(today: date) -> date:
    return today.replace(day=1) - timedelta(days=1)


def as_of_for(user, municipality: Municipality, requested: date | None, today: date) -> date:
    """The reference date the user may see figures for.

    Inside the municipality: any day up to today. Outside (the figures are suppressed): only a
    month end, and only of a completed month — stepping the date a day at a time would otherwise
    show each household's move-in. A date inside a month goes back to the end of the previous
    month; a date in the current month to the end of the last completed one."""
    requested = min(requested or today, today)
    if not suppress_small_counts(user, municipality):
        return requested
    end_of_requested_month = (requested.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    chosen = requested if requested == end_of_requested_month else last_completed_month_end(requested)
    return min(chosen, last_completed_month_end(today))
