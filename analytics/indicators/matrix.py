"""The consultant's matrix: municipalities × the catalogue's indicators, in a fixed number of
queries whatever the number of municipalities."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..models import Indicator
from .selectors import PlanSummary, plan_summaries, plans_for


@dataclass
class Matrix:
    indicators: list[Indicator]
    rows: list[tuple[object, list[PlanSummary | None], int]]  # municipality, cells, own indicators off track


def matrix_for(municipalities: list, *, today: date) -> Matrix:
    ids = [m.pk for m in municipalities]
    summaries = plan_summaries(plans_for(ids), today=today)
    catalogue: dict[int, Indicator] = {}
    cells: dict[tuple[int, int], PlanSummary] = {}
    own_off: dict[int, int] = dict.fromkeys(ids, 0)
    for s in summaries:
        if s.indicator.municipality_id is None:
            catalogue[s.indicator.pk] = s.indicator
            cells[(s.plan.municipality_id, s.indicator.pk)] = s
        elif s.status and s.status.is_off_track:
            own_off[s.plan.municipality_id] += 1
    indicators = sorted(catalogue.values(), key=lambda i: i.code)
    rows = [(m, [cells.get((m.pk, i.pk)) for i in indicators], own_off[m.pk]) for m in municipalities]
    return Matrix(indicators, rows)
