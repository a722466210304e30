"""Factories for pilot records. ``housed(...)`` builds a whole household episode in one call,
bypassing the services, for indicator fixtures with known answers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from pilots.models import (
    Exit,
    Flat,
    Household,
    HouseholdIdentity,
    Placement,
    Programme,
    ProgrammeKind,
    Referral,
    add_months,
)
from tests.factories import MunicipalityFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = ProgrammeKind.SOCIAL
    name = factory.Sequence(lambda n: f"Program {n}")
    capacity_flats = 50
    target_households = 50
    cohort_count = 1
    cohort_size = 50
    support_months = 20
    start_date = date(2023, 1, 1)


class FlatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Flat

    municipality = factory.SelfAttribute("programme.municipality")
    programme = factory.SubFactory(ProgrammeFactory)
    address = factory.Sequence(lambda n: f"Nádražní {100 + n}, Ostrava")
    district = "Moravská Ostrava a Přívoz"
    size_m2 = Decimal("48.0")
    layout = Flat.Layout.L21
    floor = 2
    owner = Flat.Owner.CITY
    rent = Decimal("6000")
    available_from = date(2023, 1, 1)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    municipality = factory.SelfAttribute("programme.municipality")
    programme = factory.SubFactory(ProgrammeFactory)
    size = 3
    adults = 1
    children = 2
    composition = Household.Composition.SINGLE_PARENT
    ethos = Household.Ethos.INSECURE
    prior_living = Household.PriorLiving.RESIDENTIAL_HOTEL
    income_source = Household.Income.MATERIAL_NEED
    referral_source = Household.Source.LABOUR_OFFICE


class IdentityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdIdentity

    household = factory.SubFactory(HouseholdFactory)
    name = factory.Sequence(lambda n: f"Jana Dvořáčková{n}")
    birth_year = 1988
    phone = "+420 777 123 456"


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    household = factory.SubFactory(HouseholdFactory)
    programme = factory.SelfAttribute("household.programme")
    referred_on = date(2022, 12, 1)
    intensity = Referral.Intensity.MEDIUM
    planned_hours = Decimal("10")


def housed(
    programme: Programme,
    move_in: date,
    *,
    flat: Flat | None = None,
    cohort: int = 1,
    accepted_on: date | None = None,
    exit_on: date | None = None,
    reason: str = Exit.Reason.COMPLETED,
    destination: str = Exit.Destination.PERMANENT,
    rent: Decimal = Decimal("6000"),
    previous: Placement | None = None,
) -> Placement:
    """A household accepted into ``programme`` and housed on ``move_in``, optionally exited."""
    household = HouseholdFactory(programme=programme, stage=Household.Stage.EXITED if exit_on else Household.Stage.PLACED)
    referral = ReferralFactory(
        household=household, programme=programme, decision=Referral.Decision.ACCEPTED,
        decided_on=accepted_on or move_in, cohort=cohort, referred_on=min(accepted_on or move_in, move_in),
    )
    flat = flat or FlatFactory(programme=programme, available_from=programme.start_date, rent=rent)
    placement = Placement.objects.create(
        household=household, referral=referral, programme=programme, flat=flat, move_in=move_in,
        planned_end=add_months(move_in, programme.stay_months), ended_on=exit_on,
        contract=Placement.Contract.SUBLEASE, monthly_rent=rent, previous=previous,
    )
    if exit_on:
        completion = Exit.Completion.INVOLUNTARY if reason in Exit.EVICTION_REASONS else Exit.Completion.COMPLETED
        Exit.objects.create(placement=placement, exit_date=exit_on, completion=completion, reason=reason, destination=destination)
    return placement
