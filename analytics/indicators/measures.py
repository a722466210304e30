"""A concept measure's output indicators: indicators of this framework tied to the measure.

The concept pages and the frozen versions show an output indicator's name, unit, target and
what has been achieved; :func:`measure_indicators` fetches those in the prefetch of the
measures, so the target and the achieved value cost no query per indicator.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from ..models import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    MunicipalityIndicator,
    Periodicity,
    Source,
    TargetKind,
    TargetOwner,
    ValueState,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def measure_indicators() -> QuerySet[Indicator]:
    """Indicators with ``target_value`` (the municipality's target) and ``achieved_value`` (the
    latest approved or locked value) annotated."""
    targets = IndicatorTarget.objects.filter(
        plan__indicator=OuterRef("pk"), kind=TargetKind.TARGET, owner=TargetOwner.MUNICIPALITY
    ).order_by("-on", "-pk")
    achieved = IndicatorValue.objects.filter(
        plan__indicator=OuterRef("pk"), state__in=ValueState.counted(), value__isnull=False
    ).order_by("-period_start")
    return Indicator.objects.annotate(
        target_value=Subquery(targets.values("value")[:1]),
        achieved_value=Subquery(achieved.values("value")[:1]),
    ).order_by("pk")


def _measure_code(section) -> str:
    base = f"M{section.number or section.pk}"
    taken = set(
        Indicator.objects.filter(municipality=section.concept.municipality, code__startswith=base)
        .values_list("code", flat=True)
    )
    n = 1
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


@transaction.atomic
def measure_indicator_create(*, section, actor: User, name: str, unit: str, target: Decimal) -> Indicator:
    """An output indicator of a measure, tracked by the measure's municipality: a yearly entered
    indicator counting up from a baseline of 0 at the measure's start to ``target`` at its end."""
    municipality = section.concept.municipality
    indicator = Indicator.objects.create(
        code=_measure_code(section), name=name, unit=unit, municipality=municipality, section=section,
        source=Source.ENTERED, periodicity=Periodicity.YEAR,
    )
    plan = MunicipalityIndicator.objects.create(municipality=municipality, indicator=indicator)
    today = timezone.localdate()
    starts = section.starts_on or today
    ends = section.ends_on or date(starts.year + 2, 12, 31)
    actor = actor if getattr(actor, "is_authenticated", False) else None
    IndicatorTarget.objects.create(plan=plan, kind=TargetKind.BASELINE, value=Decimal(0), on=starts, set_by=actor)
    IndicatorTarget.objects.create(plan=plan, kind=TargetKind.TARGET, value=target, on=ends, set_by=actor)
    return indicator
