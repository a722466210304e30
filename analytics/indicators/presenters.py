"""What the indicator pages, exports and PDFs show of a summary: its chart, its sparkline, and the
table of all periods with the baseline, milestones and target as rows of their own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from portal.permissions import SMALL_COUNT_THRESHOLD

from ..charts import HIDDEN, Chart, line_chart, sparkline, value_text
from ..models import IndicatorTarget, IndicatorValue
from .periods import period_label
from .selectors import PlanSummary


def shown(value: Decimal | None, *, small_count: bool, suppress: bool):
    """A value as a reader sees it: a small count is hidden from readers outside the municipality."""
    if value is None:
        return None
    if small_count and suppress and 0 < value < SMALL_COUNT_THRESHOLD:
        return HIDDEN
    return value


def chart_points(summary: PlanSummary, *, suppress: bool) -> list[tuple[str, object]]:
    indicator = summary.indicator
    return [
        (v.period_label, shown(v.value, small_count=indicator.small_count, suppress=suppress))
        for v in summary.values
    ]


def plan_chart(summary: PlanSummary, *, suppress: bool) -> Chart:
    indicator = summary.indicator
    points = chart_points(summary, suppress=suppress)
    milestones = [
        (period_label(m.on, indicator.periodicity), m.value) for m in summary.milestones
    ]
    return line_chart(
        title=f"{indicator.code} {indicator.name}", points=points, unit=indicator.unit,
        baseline=summary.baseline.value if summary.baseline else None,
        target=summary.target.value if summary.target else None, milestones=milestones,
        chart_id=f"ind{summary.plan.pk}",
    )


def plan_sparkline(summary: PlanSummary, *, suppress: bool):
    points = chart_points(summary, suppress=suppress)
    return sparkline([v for _l, v in points], label=_("Trend of %(name)s") % {"name": summary.indicator.name})


@dataclass
class TableRow:
    kind: str  # "value" | "baseline" | "milestone" | "target" | "agency"
    label: str
    on: date
    text: str
    value: IndicatorValue | None = None
    mark: IndicatorTarget | None = None

    @property
    def is_value(self) -> bool:
        return self.value is not None


def period_rows(summary: PlanSummary, *, suppress: bool) -> list[TableRow]:
    """Every period's value, with the baseline, milestones and targets as rows, in date order."""
    indicator = summary.indicator
    rows = [
        TableRow("value", v.period_label, v.period_start,
                 value_text(shown(v.value, small_count=indicator.small_count, suppress=suppress), indicator.unit), value=v)
        for v in summary.values
    ]
    marks = [(summary.baseline, "baseline", _("Baseline"))] if summary.baseline else []
    marks += [(m, "milestone", _("Milestone")) for m in summary.milestones]
    marks += [(summary.target, "target", _("Target"))] if summary.target else []
    marks += [(a, "agency", _("Agency: %(kind)s") % {"kind": a.get_kind_display()}) for a in summary.agency_targets]
    for mark, kind, label in marks:
        rows.append(TableRow(kind, label, mark.on, value_text(mark.value, indicator.unit), mark=mark))
    return sorted(rows, key=lambda r: (r.on, 0 if r.kind == "baseline" else 1))
