"""Factories for indicators and datasets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from analytics.models import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    MunicipalityIndicator,
    Periodicity,
    Source,
    TargetKind,
    ValueState,
)
from tests.factories import MunicipalityFactory


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"IND{n:03d}")
    name = factory.Sequence(lambda n: f"Ukazatel {n}")
    unit = "byt"
    periodicity = Periodicity.YEAR
    source = Source.ENTERED


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MunicipalityIndicator

    municipality = factory.SubFactory(MunicipalityFactory)
    indicator = factory.SubFactory(IndicatorFactory)


def plan_with(municipality, *, baseline=(0, date(2024, 1, 1)), target=(100, date(2026, 12, 31)), **indicator):
    """A municipality's indicator with a baseline and a target (value, date)."""
    plan = PlanFactory(municipality=municipality, indicator=IndicatorFactory(**indicator))
    if baseline:
        IndicatorTarget.objects.create(plan=plan, kind=TargetKind.BASELINE, value=Decimal(baseline[0]), on=baseline[1])
    if target:
        IndicatorTarget.objects.create(plan=plan, kind=TargetKind.TARGET, value=Decimal(target[0]), on=target[1])
    return plan


def value(plan, year: int, amount, state=ValueState.APPROVED, **kwargs) -> IndicatorValue:
    return IndicatorValue.objects.create(
        plan=plan, period_start=date(year, 1, 1), value=None if amount is None else Decimal(str(amount)),
        state=state, **kwargs
    )
