"""Who may see which pilot records (DESIGN §4), one condition per line.

Three levels:

* **Aggregates** (programmes, flats, indicators): every role with ``pilots.view_aggregates``.
  Those without household access see counts under 5 as "<5" (``suppress_small_counts``).
* **Household records** (pseudonymous: code, stage, referral, placement, support, exit): the
  gestor and the coordinator role see every programme of their municipality; a social worker
  only the programmes they are assigned to. Everyone else gets 404, as if the household did not
  exist: the writer, members, partners and consultants never reach a household page.
* **Identifying data** (name, year of birth, contact): stricter still, on purpose. Only the
  social workers assigned to the household's programme and that programme's named coordinator.
  The gestor and other coordinators work with the pseudonymous record; they do not need to know
  who the family is to run or evaluate the programme (data minimisation, GDPR art. 5(1)(c)).
  Superusers are not let in either: an administrator handles a data subject's request through the
  admin, which logs nothing about names in lists. Anonymised households have no identity left.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from portal.models import Municipality
from portal.permissions import has_role
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
    if not user.is_authenticated:
        return Programme.objects.none()
    if user.is_superuser:
        return programmes_of(municipality)
    if not user.has_perm(VIEW_HOUSEHOLDS, municipality):
        return Programme.objects.none()
    if has_role(user, municipality, Role.GESTOR, Role.COORDINATOR):
        return programmes_of(municipality)
    return programmes_of(municipality).filter(social_workers=user)


def can_see_households(user, programme: Programme) -> bool:
    return household_programmes(user, programme.municipality).filter(pk=programme.pk).exists()


def households_for(user, municipality: Municipality) -> QuerySet[Household]:
    return Household.objects.filter(
        municipality=municipality, programme__in=household_programmes(user, municipality)
    )


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
        Referral.objects.filter(household__in=households_for(user, municipality)).select_related(
            "household", "programme"
        ),
        pk=pk,
    )


def get_placement(user, municipality: Municipality, pk: int) -> Placement:
    return get_object_or_404(
        Placement.objects.filter(household__in=households_for(user, municipality)).select_related(
            "household", "programme", "flat"
        ),
        pk=pk,
    )


def get_plan(user, municipality: Municipality, pk: int) -> SupportPlan:
    return get_object_or_404(
        SupportPlan.objects.filter(household__in=households_for(user, municipality)).select_related("household"),
        pk=pk,
    )


def get_evaluation(municipality: Municipality, pk: int) -> EvaluationReport:
    return get_object_or_404(
        EvaluationReport.objects.filter(programme__municipality=municipality).select_related("programme"), pk=pk
    )
