"""The data-entry grid: a municipality's entered indicators of one periodicity × the periods of a
year (or three years for yearly indicators). Every cell is an input named after its indicator and
period, with the version it was loaded at, so two people saving the same cell never overwrite each
other silently; the whole grid is saved in one transaction, or not at all."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.concurrency import EditConflict

from ..datasets.reader import parse_number
from ..models import IndicatorValue, MunicipalityIndicator, Periodicity, Source, ValidationFlag
from . import services
from .periods import next_period, period_label

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass
class Cell:
    plan: MunicipalityIndicator
    period: date
    value: IndicatorValue | None
    text: str
    errors: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.plan.pk}-{self.period.isoformat()}"

    @property
    def editable(self) -> bool:
        return self.value is None or self.value.is_editable

    @property
    def original(self) -> str:
        return input_text(self.value.value) if self.value else ""

    @property
    def version(self) -> int:
        return self.value.edit_version if self.value else 0

    @property
    def open_flags(self) -> int:
        return getattr(self.value, "open_flag_count", 0) if self.value else 0

    @property
    def label(self) -> str:
        return f"{self.plan.indicator.name}, {period_label(self.period, self.plan.indicator.periodicity)}"


@dataclass
class Column:
    period: date
    label: str
    submittable: bool = False
    errors: list[str] = field(default_factory=list)


@dataclass
class Grid:
    periodicity: str
    year: int
    columns: list[Column]
    rows: list[tuple[MunicipalityIndicator, list[Cell]]]

    def cell(self, plan_pk: int, iso: str) -> Cell | None:
        for plan, cells in self.rows:
            if plan.pk == plan_pk:
                return next((c for c in cells if c.period.isoformat() == iso), None)
        return None


def input_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text.replace(".", ",") if (get_language() or "cs").startswith("cs") else text


def periods_of(periodicity: str, year: int) -> list[date]:
    if periodicity == Periodicity.YEAR:
        return [date(y, 1, 1) for y in (year - 2, year - 1, year)]
    start, out = date(year, 1, 1), []
    while start.year == year:
        out.append(start)
        start = next_period(start, periodicity)
    return out


def entry_grid_for(municipality, *, periodicity: str, year: int, posted=None, errors=None) -> Grid:
    """The grid in three queries; with ``posted``, cells show what the person typed."""
    periods = periods_of(periodicity, year)
    plans = list(
        MunicipalityIndicator.objects.filter(
            municipality=municipality, indicator__source=Source.ENTERED, indicator__periodicity=periodicity,
        ).select_related("indicator").order_by("indicator__code", "pk")
    )
    values = {
        (v.plan_id, v.period_start): v
        for v in IndicatorValue.objects.filter(plan__in=plans, period_start__in=periods).annotate(
            open_flag_count=Count("flags", filter=Q(flags__state=ValidationFlag.State.OPEN)))
    }
    errors = errors or {}
    columns = [Column(p, period_label(p, periodicity), errors=errors.get(("", p.isoformat()), [])) for p in periods]
    rows = []
    for plan in plans:
        cells = []
        for column in columns:
            value = values.get((plan.pk, column.period))
            cell = Cell(plan, column.period, value, input_text(value.value if value else None))
            if posted is not None and f"v-{cell.key}" in posted:
                cell.text = posted.get(f"v-{cell.key}", "")
            cell.errors = errors.get((plan.pk, column.period.isoformat()), [])
            if value is not None and value.can_submit:
                column.submittable = True
            cells.append(cell)
        rows.append((plan, cells))
    return Grid(periodicity, year, columns, rows)


def parse_cells(grid: Grid, data) -> tuple[dict, dict]:
    """{(plan pk, iso): (amount, loaded version)} of the cells whose text changed, and errors."""
    changed, errors = {}, {}
    for plan, cells in grid.rows:
        for cell in cells:
            name = f"v-{cell.key}"
            if name not in data or not cell.editable:
                continue
            text = data.get(name, "").strip()
            if text == data.get(f"orig-{cell.key}", "").strip():
                continue
            try:
                amount = parse_number(text)
            except ValueError:
                errors[(plan.pk, cell.period.isoformat())] = [_("„%(value)s“ is not a number.") % {"value": text[:40]}]
                continue
            try:
                version = int(data.get(f"ver-{cell.key}", "0"))
            except ValueError:
                version = 0
            changed[(plan.pk, cell.period.isoformat())] = (amount, version)
    return changed, errors


def save_cells(grid: Grid, changed: dict, *, actor: User) -> tuple[dict, list[dict]]:
    """Save the changed cells in one transaction: all of them, or (on any error or conflict) none."""
    errors: dict = {}
    conflicts: list[dict] = []
    with transaction.atomic():
        for (plan_pk, iso), (amount, version) in changed.items():
            cell = grid.cell(plan_pk, iso)
            try:
                services.value_enter(plan=cell.plan, period=cell.period, amount=amount, actor=actor,
                                     expected_version=version)
            except EditConflict as exc:
                theirs = exc.current.value
                conflicts.append({"label": cell.label, "theirs": input_text(theirs), "yours": input_text(amount),
                                  "changed": theirs != amount})
            except ValidationError as exc:
                errors[(plan_pk, iso)] = exc.messages
        if errors or conflicts:
            transaction.set_rollback(True)
    return errors, conflicts
