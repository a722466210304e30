"""The consultant's matrix: municipalities × the catalogue's indicators, in one query whatever the
number of municipalities.

The matrix shows a status per cell and nothing else of a plan, so it does not build
``selectors.plan_summaries`` (every target, milestone and value of every plan as model instances,
the open flags and the overdue periods): one query reads each plan of the page's municipalities
with its indicator's columns and, as subqueries, its baseline, its target and its latest counted
value — exactly what ``status.compute_status`` takes — as plain rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.urls import reverse

from ..models import (
    Direction,
    IndicatorTarget,
    IndicatorValue,
    MunicipalityIndicator,
    TargetKind,
    TargetOwner,
    ValueState,
)
from .periods import period_end
from .status import Point, StatusResult, compute_status

_SENTINEL = 987654321  # a plan's pk in a reversed URL, replaced by each plan's own


@dataclass(frozen=True)
class Column:
    """A catalogue indicator: a column of the matrix."""

    pk: int
    code: str
    name: str


@dataclass(frozen=True)
class Cell:
    url: str  # the municipality's indicator page
    status: StatusResult


@dataclass
class Matrix:
    indicators: list[Column]
    rows: list[tuple[object, str, list[Cell | None], int]]  # municipality, its list's URL, cells, own indicators off track


def _mark(kind: str) -> Subquery:
    """The plan's latest baseline or target of the municipality (the agency's are not the status's)."""
    return (
        IndicatorTarget.objects.filter(plan=OuterRef("pk"), kind=kind).exclude(owner=TargetOwner.AGENCY)
        .order_by("-on", "-pk")
    )


def _plans(municipality_ids: list[int]):
    baseline, target = _mark(TargetKind.BASELINE), _mark(TargetKind.TARGET)
    latest = (
        IndicatorValue.objects.filter(plan=OuterRef("pk"), state__in=ValueState.counted(), value__isnull=False)
        .order_by("-period_start")
    )
    return (
        MunicipalityIndicator.objects.filter(municipality__in=municipality_ids)
        .annotate(
            baseline_value=Subquery(baseline.values("value")[:1]), baseline_on=Subquery(baseline.values("on")[:1]),
            target_value=Subquery(target.values("value")[:1]), target_on=Subquery(target.values("on")[:1]),
            latest_value=Subquery(latest.values("value")[:1]), latest_start=Subquery(latest.values("period_start")[:1]),
        )
        .order_by()
        .values_list(
            "pk", "municipality_id", "indicator_id", "indicator__municipality_id", "indicator__code",
            "indicator__name", "indicator__direction", "indicator__periodicity", "status_override", "override_reason",
            "baseline_value", "baseline_on", "target_value", "target_on", "latest_value", "latest_start",
        )
    )


def matrix_for(municipalities: list) -> Matrix:
    """The rows of ``municipalities`` (in their order). One query."""
    catalogue: dict[int, Column] = {}
    cells: dict[tuple[int, int], tuple[int, StatusResult]] = {}
    own_off: dict[int, int] = {m.pk: 0 for m in municipalities}
    for (pk, municipality_id, indicator_id, own_of, code, name, direction, periodicity, override, reason,
         baseline_value, baseline_on, target_value, target_on, latest_value, latest_start) in _plans(list(own_off)):
        status = compute_status(
            baseline=Point(baseline_value, baseline_on) if baseline_on is not None else None,
            target=Point(target_value, target_on) if target_on is not None else None,
            latest=Point(latest_value, period_end(latest_start, periodicity)) if latest_start is not None else None,
            up_is_good=direction == Direction.UP, override=override, reason=reason,
        )
        if own_of is None:
            catalogue[indicator_id] = Column(indicator_id, code, name)
            cells[(municipality_id, indicator_id)] = (pk, status)
        elif status.is_off_track:
            own_off[municipality_id] += 1
    columns = sorted(catalogue.values(), key=lambda c: c.code)
    rows = []
    for m in municipalities:
        # One reverse per municipality, not one per cell: its plans' URLs differ only in the pk.
        head, tail = reverse("analytics:indicator_detail", args=[m.slug, _SENTINEL]).rsplit(str(_SENTINEL), 1)
        row = []
        for column in columns:
            found = cells.get((m.pk, column.pk))
            row.append(Cell(f"{head}{found[0]}{tail}", found[1]) if found else None)
        rows.append((m, reverse("analytics:indicator_list", args=[m.slug]), row, own_off[m.pk]))
    return Matrix(columns, rows)
