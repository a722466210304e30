"""Helpers that build the agency's side for a test: a cooperation, criteria with scores, events."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from analytics.models import (
    Contact,
    Cooperation,
    CriterionLevel,
    CriterionScore,
    EventAttendance,
    EventKind,
    GoodPracticeEvent,
    QualityCriterion,
    ScoreMoment,
)
from analytics.models.agency import add_months


def today() -> date:
    return timezone.localdate()


def cooperation(municipality, *, months_ago: int = 6, manager: str | None = "Manažerka") -> Cooperation:
    starts = add_months(today(), -months_ago)
    coop = Cooperation.objects.create(municipality=municipality, starts_on=starts, planned_end_on=add_months(starts, 24),
                                      thematic_areas=["housing"])
    if manager:
        Contact.objects.create(cooperation=coop, name=manager, is_inclusion_manager=True)
    return coop


def criterion(coop, *, competence: bool = True, title: str = "Koordinace sítě služeb", **scores) -> QualityCriterion:
    """``scores``: t0=1, midway=2, t24=3 (levels of a 1–4 rubric)."""
    c = QualityCriterion.objects.create(cooperation=coop, title=title, is_competence=competence)
    CriterionLevel.objects.bulk_create([CriterionLevel(criterion=c, level=i, descriptor=f"úroveň {i}") for i in range(1, 5)])
    for moment, level in scores.items():
        CriterionScore.objects.create(criterion=c, moment=ScoreMoment(moment), level=level, scored_on=today(),
                                      evidence="zápis")
    return c


def event(*, hours: str = "8", days_ago: int = 10, kind: str = EventKind.WORKSHOP, title: str = "Workshop",
          **fields) -> GoodPracticeEvent:
    return GoodPracticeEvent.objects.create(kind=kind, title=title, held_on=today() - timedelta(days=days_ago),
                                            hours=Decimal(hours), **fields)


def attend(e, municipality, hours: str, *, name: str = "Manažerka", manager: bool = True) -> EventAttendance:
    return EventAttendance.objects.create(event=e, municipality=municipality, name=name, hours=Decimal(hours),
                                          is_inclusion_manager=manager)


def conference(*, complete: bool = True, days_ago: int = 20, title: str = "Konference") -> GoodPracticeEvent:
    fields = {"central_bodies": "MMR", "data_presented": "počty", "proposals": "návrhy"} if complete else {
        "central_bodies": "MMR"}
    return event(kind=EventKind.CENTRAL_CONFERENCE, hours="4", days_ago=days_ago, title=title, **fields)
