"""Reading indicators for many municipalities at once, in a fixed number of queries.

:func:`plan_summaries` gives, for a set of municipality indicators, everything the list, the
matrix and the indicator page show (baseline, milestones, targets, values, status, open flags);
:func:`indicator_attention` is the bulk figure the agency's dashboard and home page use.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from ..models import (
    IndicatorTarget,
    IndicatorValue,
    MunicipalityIndicator,
    Source,
    TargetKind,
    TargetOwner,
    ValidationFlag,
    ValueState,
)
from .periods import period_end, period_start, periods_between
from .status import Point, StatusResult, compute_status

#: A period is overdue when it ended this many days ago and its value has not been submitted.
ENTRY_GRACE_DAYS = 30


@dataclass
class PlanSummary:
    plan: MunicipalityIndicator
    baseline: IndicatorTarget | None = None
    target: IndicatorTarget | None = None
    milestones: list[IndicatorTarget] = field(default_factory=list)
    agency_targets: list[IndicatorTarget] = field(default_factory=list)
    values: list[IndicatorValue] = field(default_factory=list)
    open_flags: int = 0
    status: StatusResult | None = None
    overdue_periods: list[date] = field(default_factory=list)

    @property
    def indicator(self):
        return self.plan.indicator

    @property
    def latest(self) -> IndicatorValue | None:
        counted = [v for v in self.values if v.is_counted and v.value is not None]
        return counted[-1] if counted else None

    @property
    def latest_any(self) -> IndicatorValue | None:
        entered = [v for v in self.values if v.value is not None]
        return entered[-1] if entered else None


def plans_for(municipality_ids: Sequence[int]) -> QuerySet[MunicipalityIndicator]:
    return (
        MunicipalityIndicator.objects.filter(municipality__in=municipality_ids)
        .select_related("indicator", "municipality", "override_by")
        .order_by("municipality__name", "indicator__code", "pk")
    )


def _value_point(value: IndicatorValue) -> Point:
    return Point(value.value, period_end(value.period_start, value.plan.indicator.periodicity))


def overdue_periods(summary: PlanSummary, today: date) -> list[date]:
    """Periods of an entered indicator, from its baseline's period on, that ended more than
    :data:`ENTRY_GRACE_DAYS` days ago and whose value has not been submitted."""
    indicator = summary.plan.indicator
    if indicator.source != Source.ENTERED:
        return []
    # Reporting starts with the period after the baseline's date (a baseline on 31. 12. 2023 → 2024).
    first = summary.baseline.on + timedelta(days=1) if summary.baseline else summary.plan.created_at.date()
    periodicity = indicator.periodicity
    last_due = period_start(today - timedelta(days=ENTRY_GRACE_DAYS), periodicity)
    done = {v.period_start for v in summary.values if not v.is_editable}
    starts = periods_between(first, last_due, periodicity) if first <= last_due else []
    return [s for s in starts if s not in done and period_end(s, periodicity) < today - timedelta(days=ENTRY_GRACE_DAYS)]


def plan_summaries(plans: Iterable[MunicipalityIndicator], *, today: date) -> list[PlanSummary]:
    """Summaries in the order given; three queries whatever the number of plans."""
    plans = list(plans)
    by_pk = {p.pk: PlanSummary(plan=p) for p in plans}
    ids = list(by_pk)
    for mark in IndicatorTarget.objects.filter(plan__in=ids).select_related("set_by").order_by("on", "pk"):
        summary = by_pk[mark.plan_id]
        if mark.owner == TargetOwner.AGENCY:
            summary.agency_targets.append(mark)
        elif mark.kind == TargetKind.BASELINE:
            summary.baseline = mark
        elif mark.kind == TargetKind.TARGET:
            summary.target = mark
        else:
            summary.milestones.append(mark)
    for value in IndicatorValue.objects.filter(plan__in=ids).select_related("entered_by").order_by("period_start"):
        value.plan = by_pk[value.plan_id].plan
        by_pk[value.plan_id].values.append(value)
    flags = (
        ValidationFlag.objects.filter(value__plan__in=ids, state=ValidationFlag.State.OPEN)
        .values("value__plan").annotate(n=Count("pk")).order_by()
    )
    for row in flags:
        by_pk[row["value__plan"]].open_flags = row["n"]
    for summary in by_pk.values():
        plan, latest = summary.plan, summary.latest
        summary.status = compute_status(
            baseline=Point(summary.baseline.value, summary.baseline.on) if summary.baseline else None,
            target=Point(summary.target.value, summary.target.on) if summary.target else None,
            latest=_value_point(latest) if latest else None,
            up_is_good=plan.indicator.up_is_good,
            override=plan.status_override, reason=plan.override_reason,
        )
        summary.overdue_periods = overdue_periods(summary, today)
    return [by_pk[p.pk] for p in plans]


def indicator_attention(municipality_ids: list[int], *, today: date) -> dict[int, dict]:
    """Per municipality: how many of its indicators are off track (and their codes) and how many
    periods are overdue for data entry. Four queries, whatever the number of municipalities."""
    result: dict[int, dict] = {
        pk: {"off_track": 0, "at_risk": 0, "overdue_periods": 0, "off_track_codes": [], "open_flags": 0}
        for pk in municipality_ids
    }
    for summary in plan_summaries(plans_for(municipality_ids), today=today):
        row = result[summary.plan.municipality_id]
        if summary.status and summary.status.is_off_track:
            row["off_track"] += 1
            row["off_track_codes"].append(summary.plan.indicator.code)
        if summary.status and summary.status.is_at_risk:
            row["at_risk"] += 1
        row["overdue_periods"] += len(summary.overdue_periods)
        row["open_flags"] += summary.open_flags
    return result


def submitted_values(municipality_ids: Sequence[int]) -> QuerySet[IndicatorValue]:
    """The consultant's approval queue: values submitted and awaiting approval, oldest first."""
    return (
        IndicatorValue.objects.filter(plan__municipality__in=municipality_ids, state=ValueState.SUBMITTED)
        .select_related("plan__indicator", "plan__municipality", "submitted_by", "entered_by")
        .annotate(open_flags=Count("flags", filter=Q(flags__state=ValidationFlag.State.OPEN)))
        .order_by("submitted_at", "pk")
    )
