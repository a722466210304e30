"""The consultant dashboard: a FilterSet over the user's municipalities (region and phase on the
database, the sort validated by the form), the rows with their "needs attention" reasons, and the
layout shared by the page and the export."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import django_filters
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from concepts.models import Concept, Phase
from portal import aggregates
from portal.lists import ListFilterSet
from portal.models import Municipality
from portal.permissions import suppress_small_counts

from . import access
from .agency.scope import AgencyData, cached_agency_data
from .attention import attention_from
from .selectors import Ratio, Row
from .targets import Target, agency_targets

PERMISSION = access.VIEW
NO_CONCEPT = "none"


def _share(ratio: Ratio) -> float:
    share = ratio.share
    return -1.0 if share is None else share


def _days(row: Row) -> int:
    if row.cadence.group is None:
        return -1
    return 10**6 if row.cadence.days_since is None else row.cadence.days_since


#: Sortable columns: key → (header, sort key of a row). Name and phase are ordered by the database.
COLUMNS: dict[str, tuple[str, Callable[[Row], object]]] = {
    "municipality": (_("Municipality"), lambda r: r.municipality.name),
    "attention": (_("Needs attention"), lambda r: -r.attention),  # most reasons first
    "phase": (_("Concept phase"), lambda r: r.phase_order),
    "cadence": (_("Steering team last met"), _days),
    "composition": (_("Working groups with gaps"), lambda r: r.groups_with_gaps),
    "methods": (_("Participative meetings"), lambda r: _share(r.participative)),
    "rounds": (_("Comment rounds"), lambda r: (r.open_rounds + r.awaiting_settlement, _share(r.responses))),
    "settled": (_("Comments settled"), lambda r: _share(r.settled)),
    "evidence": (_("Measures linked to findings"), lambda r: _share(r.evidence)),
    "indicators": (_("Indicators off track"), lambda r: -1 if r.off_track is None else r.off_track),
    "pilots": (_("Pilots: housed / target"), lambda r: _share(r.pilots.housed_share)),
    "occupancy": (_("Pilots: occupancy"), lambda r: _share(r.pilots.occupancy)),
}
DATABASE_ORDER = {"municipality": ("name",), "phase": ("phase_order", "name")}


def phase_choices() -> list[tuple[str, str]]:
    return [*Phase.choices, (NO_CONCEPT, _("no concept yet"))]


def sort_choices() -> list[tuple[str, str]]:
    return [(k, label) for k, (label, _key) in COLUMNS.items()] + [(f"-{k}", label) for k, (label, _key) in COLUMNS.items()]


def _with_phase(queryset):
    latest = Concept.objects.filter(municipality=OuterRef("pk")).order_by("-created_at", "-pk").values("phase")[:1]
    whens = [When(latest_phase=value, then=Value(i)) for i, value in enumerate(Phase.values)]
    return queryset.annotate(latest_phase=Subquery(latest)).annotate(
        phase_order=Case(*whens, default=Value(-1), output_field=IntegerField())
    )


class DashboardFilter(ListFilterSet):
    region = django_filters.ChoiceFilter(label=_("Region"), choices=[], empty_label=_("all regions"))
    phase = django_filters.ChoiceFilter(label=_("Concept phase"), choices=phase_choices, method="filter_phase",
                                        empty_label=_("all phases"))
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=sort_choices, method="order", empty_label=None)

    class Meta:
        model = Municipality
        fields = ["region", "phase"]

    def __init__(self, data=None, *, queryset, regions: list[str], **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["region"].extra["choices"] = [(r, r) for r in regions]
        self.filters["sort"].field.required = False
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filter_phase(self, queryset, name, value):
        if value == NO_CONCEPT:
            return queryset.filter(latest_phase__isnull=True)
        return queryset.filter(latest_phase=value) if value else queryset

    def order(self, queryset, name, value):
        fields = DATABASE_ORDER.get((value or "").lstrip("-"))
        if fields:
            desc = value.startswith("-")
            return queryset.order_by(*(f"-{f}" if desc else f for f in fields))
        return queryset

    @property
    def chosen_sort(self) -> str:
        if not self.is_bound or not self.form.is_valid():
            return ""
        return self.form.cleaned_data.get("sort") or ""

    @property
    def narrows(self) -> bool:
        """Whether a region or a phase is chosen: the valid ones, as the query applies them (the
        valid fields of an invalid form too)."""
        if not self.is_bound:
            return False
        self.form.is_valid()
        return any(self.form.cleaned_data.get(name) for name in ("region", "phase"))

    @property
    def values(self) -> dict[str, str]:
        """The valid filters and sort, for links and for the export's job."""
        if not self.is_bound or not self.form.is_valid():
            return {}
        return {k: v for k, v in self.form.cleaned_data.items() if v}


#: The columns sorted in Python, from the keys the scope summary keeps for every municipality.
COMPUTED = tuple(k for k in COLUMNS if k not in DATABASE_ORDER)
#: Rows come needing attention first unless another sort is chosen.
DEFAULT_SORT = "attention"


def _with_reasons(data: AgencyData) -> dict[int, Row]:
    """The rows of ``data`` with their "needs attention" reasons and the figures kept beside them."""
    reasons = attention_from(data)
    for mid, row in data.rows.items():
        row.reasons = reasons[mid]
        part, total = data.settled[mid]
        row.settled = Ratio(part, total)
        row.off_track = data.indicators[mid]["off_track"]
    return data.rows


@dataclass(frozen=True)
class ScopeSummary:
    """What the dashboard needs about *every* municipality of a scope, small enough to read on
    each request: each one's sort keys (one per column of :data:`COMPUTED`) and number of reasons,
    and the agency targets' figures (their drill-down is on the targets page)."""

    keys: dict[int, tuple]
    attention: dict[int, int]
    targets: list[Target]


def scope_summary(user, ids: Sequence[int], *, all_scope: bool = False) -> aggregates.Entry:
    """The :class:`ScopeSummary` of the municipalities ``ids``, cached for the scope
    (portal.aggregates.cached_scope): computed from the per-municipality figures once, and again
    after a write to any of them, the day's turn or the oldest figure's expiry. Users with the same
    scope share it."""

    def compute() -> aggregates.Entry:
        municipalities = list(Municipality.objects.filter(pk__in=ids).order_by("name"))
        data = cached_agency_data(user, municipalities, all_scope=all_scope)
        rows = _with_reasons(data)
        summary = ScopeSummary(
            keys={pk: tuple(COLUMNS[c][1](row) for c in COMPUTED) for pk, row in rows.items()},
            attention={pk: row.attention for pk, row in rows.items()},
            targets=[t.without_lines() for t in agency_targets(data)],
        )
        return aggregates.Entry(summary, data.computed_at)

    return aggregates.cached_scope("dashboard", ids, compute, parts=(all_scope,))


def scope_targets(user, municipalities: Sequence[Municipality], *, all_scope: bool = False) -> aggregates.Entry:
    """The agency targets with their drill-down over the whole scope (the targets page), cached
    for the scope like :func:`scope_summary`."""
    municipalities = list(municipalities)

    def compute() -> aggregates.Entry:
        data = cached_agency_data(user, municipalities, all_scope=all_scope)
        return aggregates.Entry(agency_targets(data), data.computed_at)

    names = aggregates.digest([(m.pk, m.name, m.slug) for m in municipalities])  # the drill-down shows them
    return aggregates.cached_scope("targets", [m.pk for m in municipalities], compute, parts=(all_scope, names))


def _earliest(*times: datetime | None) -> datetime | None:
    return min((t for t in times if t is not None), default=None)


def _rows(user, ids: Sequence[int]) -> tuple[list[Row], datetime | None]:
    """Full rows of these municipalities, in this order, with their reasons (one query for the
    municipalities, then the cached figures), and the oldest figure's time."""
    by_pk = Municipality.objects.in_bulk(list(ids))
    municipalities = [by_pk[pk] for pk in ids if pk in by_pk]
    if not municipalities:
        return [], None
    data = cached_agency_data(user, municipalities)
    rows = _with_reasons(data)
    return [rows[m.pk] for m in municipalities], data.computed_at


#: One dashboard row as HTML (rendered once per municipality and figures, then read from the cache).
ROW_TEMPLATE = "analytics/includes/dashboard_row.html"


def rendered_rows(user, ids: Sequence[int], names: Mapping[int, Hashable]) -> tuple[list[str], datetime | None]:
    """The table rows of these municipalities as HTML, in this order, and the oldest figure's time.

    A row's HTML depends on the municipality's figures, its name, slug and region (``names``), the
    language, the day and whether the reader sees small counts, so it is cached under those
    (portal.aggregates, invalidated with the figures); a page reads its rows' HTML in two cache
    round trips and renders only what is missing."""
    by_flag: dict[bool, list[int]] = {}
    for pk in ids:
        by_flag.setdefault(suppress_small_counts(user, pk), []).append(pk)

    def compute(missing: list[int]) -> dict[int, tuple[str, datetime | None]]:
        rows, computed_at = _rows(user, missing)
        return {row.municipality.pk: (render_to_string(ROW_TEMPLATE, {"row": row}), computed_at) for row in rows}

    found: dict[int, tuple[str, datetime | None]] = {}
    for flag, part in by_flag.items():
        entries = aggregates.cached_many("dashrow", part, compute, parts=(flag,), own=names)
        found.update({pk: entry.value for pk, entry in entries.items()})
    html = [found[pk] for pk in ids if pk in found]
    return [mark_safe(h) for h, _t in html], _earliest(*(t for _h, t in html))  # rendered by our own template


@dataclass
class Dashboard:
    user: object
    scope: list[access.ScopeRow]  # all the municipalities the user may analyse (the targets are computed over these)
    ids: list[int]  # the municipalities shown, after the filters, in the chosen order
    filter: DashboardFilter
    summary: aggregates.Entry  # of a ScopeSummary

    @property
    def sort(self) -> str:
        return self.filter.chosen_sort

    @property
    def targets(self) -> list[Target]:
        return self.summary.value.targets

    def rows(self, ids: Sequence[int] | None = None) -> list[Row]:
        """Full rows of ``ids`` (default: every municipality shown, as the export writes them)."""
        return _rows(self.user, self.ids if ids is None else ids)[0]

    def rendered(self, ids: Sequence[int]) -> tuple[list[str], datetime | None]:
        """The HTML of these rows (a page of :attr:`ids`) and when the oldest figure on the page
        was computed (theirs or the scope's)."""
        wanted = set(ids)
        names = {m.pk: (m.name, m.slug, m.region) for m in self.scope if m.pk in wanted}
        html, computed_at = rendered_rows(self.user, ids, names)
        return html, _earliest(self.summary.computed_at, computed_at)


def dashboard_filter(user, params, scope=None) -> DashboardFilter:
    """The dashboard's FilterSet over the user's municipalities (404 when they have none);
    ``scope``: as :func:`analytics.access.dashboard_scope_values` gives it."""
    scope = scope if scope is not None else access.dashboard_scope_values(user)
    regions = sorted({m.region for m in scope if m.region})
    queryset = _with_phase(Municipality.objects.filter(pk__in=[m.pk for m in scope])).order_by("name")
    return DashboardFilter(params or None, queryset=queryset, regions=regions)


def dashboard_for(user, params=None) -> Dashboard:
    """The user's municipalities (only those they may analyse), filtered and sorted, at nearly the
    same cost whatever their number: the database filters (region, phase) and orders by name and
    phase; the other columns are ordered by the keys the scope summary keeps for every
    municipality; rows are built (or read as HTML) only for the page shown.

    Rows come needing attention first unless another sort is chosen."""
    scope = access.dashboard_scope_values(user)
    summary = scope_summary(user, [m.pk for m in scope], all_scope=access.is_all_scope(user))
    filterset = dashboard_filter(user, params, scope)
    sort = filterset.chosen_sort or DEFAULT_SORT
    column = sort.lstrip("-")
    if not filterset.narrows and (column not in DATABASE_ORDER or sort == "municipality"):
        ordered = [m.pk for m in scope]  # nothing to filter, and the scope is by name (and pk), as the query orders
    else:
        ordered = list(filterset.qs.values_list("pk", flat=True))
    if column not in DATABASE_ORDER:
        i, keys, names = COMPUTED.index(column), summary.value.keys, {m.pk: m.name for m in scope}
        ordered = [pk for pk in ordered if pk in keys]  # (one deleted since the summary was made)
        ordered.sort(key=lambda pk: (keys[pk][i], names[pk]), reverse=sort.startswith("-"))
    return Dashboard(user=user, scope=scope, ids=ordered, filter=filterset, summary=summary)


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


__all__ = ["Dashboard", "DashboardFilter", "ScopeSummary", "dashboard_for", "headers", "phase_choices", "scope_summary",
           "scope_targets"]


@dataclass
class MunicipalityAnalytics:
    row: Row
    data: AgencyData
    targets: list[Target]


def municipality_analytics(user, municipality: Municipality) -> MunicipalityAnalytics:
    """One municipality's dashboard row with its reasons (the same function as the dashboard's)."""
    data = cached_agency_data(user, [municipality])
    row = _with_reasons(data)[municipality.pk]
    return MunicipalityAnalytics(row=row, data=data, targets=agency_targets(data))
