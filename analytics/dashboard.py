"""Filtering, sorting and the table layout of the consultant dashboard (shared by the page and the export)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from concepts.models import Phase
from portal.permissions import municipalities_for

from .selectors import Row, dashboard_rows

PERMISSION = "analytics.view_analytics"
NO_CONCEPT = "none"


def _share(ratio) -> float:
    share = ratio.share
    return -1.0 if share is None else share


def _days(row: Row) -> int:
    if row.cadence.group is None:
        return -1
    return 10**6 if row.cadence.days_since is None else row.cadence.days_since


#: Sortable columns: key → (header, sort key of a row).
COLUMNS: dict[str, tuple[str, Callable[[Row], object]]] = {
    "municipality": (_("Municipality"), lambda r: r.municipality.name),
    "phase": (_("Concept phase"), lambda r: r.phase_order),
    "cadence": (_("Steering team last met"), _days),
    "composition": (_("Working groups with gaps"), lambda r: r.groups_with_gaps),
    "methods": (_("Participative meetings"), lambda r: _share(r.participative)),
    "rounds": (_("Comment rounds"), lambda r: (r.open_rounds + r.awaiting_settlement, _share(r.responses))),
    "evidence": (_("Measures linked to findings"), lambda r: _share(r.evidence)),
    "pilots": (_("Pilots: housed / target"), lambda r: _share(r.pilots.housed_share)),
    "occupancy": (_("Pilots: occupancy"), lambda r: _share(r.pilots.occupancy)),
    "attention": (_("Needs attention"), lambda r: r.attention),
}


@dataclass
class Dashboard:
    rows: list[Row]  # all rows the user may analyse (the targets are computed over these)
    shown: list[Row]  # after filters and sorting
    regions: list[str]
    sort: str


def phase_choices() -> list[tuple[str, str]]:
    return [*Phase.choices, (NO_CONCEPT, _("no concept yet"))]


def dashboard_for(user, *, region: str = "", phase: str = "", sort: str = "") -> Dashboard:
    """The user's municipalities (only those they may analyse), filtered and sorted; fixed query count."""
    municipalities = list(municipalities_for(user, PERMISSION).order_by("name"))
    rows = dashboard_rows(user, municipalities)
    shown = filter_rows(rows, region=region, phase=phase)
    sort = sort if sort.lstrip("-") in COLUMNS else ""
    if sort:
        key = COLUMNS[sort.lstrip("-")][1]
        shown = sorted(shown, key=lambda r: (key(r), r.municipality.name), reverse=sort.startswith("-"))
    regions = sorted({m.region for m in municipalities if m.region})
    return Dashboard(rows=rows, shown=shown, regions=regions, sort=sort)


def filter_rows(rows: Sequence[Row], *, region: str = "", phase: str = "") -> list[Row]:
    result = list(rows)
    if region:
        result = [r for r in result if r.municipality.region == region]
    if phase == NO_CONCEPT:
        result = [r for r in result if r.concept is None]
    elif phase:
        result = [r for r in result if r.phase == phase]
    return result


def headers(sort: str) -> list[dict]:
    """Column headers with the sort each link applies and the ``aria-sort`` state."""
    result = []
    current, descending = sort.lstrip("-"), sort.startswith("-")
    for key, (label, _key) in COLUMNS.items():
        active = key == current
        result.append({
            "key": key, "label": label,
            "next": f"-{key}" if active and not descending else key,
            "aria": ("descending" if descending else "ascending") if active else "",
        })
    return result
