"""The consultant dashboard: a FilterSet over the user's municipalities (region and phase on the
database, the sort validated by the form), the rows with their "needs attention" reasons, and the
layout shared by the page and the export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import django_filters
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from concepts.models import Concept, Phase
from portal.lists import ListFilterSet
from portal.models import Municipality

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
    def values(self) -> dict[str, str]:
        """The valid filters and sort, for links and for the export's job."""
        if not self.is_bound or not self.form.is_valid():
            return {}
        return {k: v for k, v in self.form.cleaned_data.items() if v}


@dataclass
class Dashboard:
    rows: list[Row]  # all rows the user may analyse (the targets are computed over these)
    shown: list[Row]  # after filters and sorting
    filter: DashboardFilter
    targets: list[Target]
    data: AgencyData

    @property
    def sort(self) -> str:
        return self.filter.chosen_sort


def dashboard_filter(user, params, municipalities=None) -> DashboardFilter:
    """The dashboard's FilterSet over the user's municipalities (404 when they have none)."""
    municipalities = municipalities if municipalities is not None else access.dashboard_scope(user)
    regions = sorted({m.region for m in municipalities if m.region})
    queryset = _with_phase(Municipality.objects.filter(pk__in=[m.pk for m in municipalities])).order_by("name")
    return DashboardFilter(params or None, queryset=queryset, regions=regions)


def dashboard_for(user, params=None) -> Dashboard:
    """The user's municipalities (only those they may analyse), filtered and sorted; fixed query count.

    Rows come needing attention first unless another sort is chosen; columns computed in Python
    (attention, shares) are sorted after the database has filtered."""
    municipalities = access.dashboard_scope(user)
    data = cached_agency_data(user, municipalities, all_scope=access.is_all_scope(user))
    reasons = attention_from(data)
    for mid, row in data.rows.items():
        row.reasons = reasons[mid]
        part, total = data.settled[mid]
        row.settled = Ratio(part, total)
        row.off_track = data.indicators[mid]["off_track"]
    rows = sorted(data.rows.values(), key=lambda r: (-r.attention, r.municipality.name))
    filterset = dashboard_filter(user, params, municipalities)
    ordered_ids = list(filterset.qs.values_list("pk", flat=True))
    sort = filterset.chosen_sort
    if sort.lstrip("-") in DATABASE_ORDER:
        shown = [data.rows[pk] for pk in ordered_ids]
    else:
        keep = set(ordered_ids)
        shown = [r for r in rows if r.municipality.pk in keep]
        if sort:
            key = COLUMNS[sort.lstrip("-")][1]
            shown = sorted(shown, key=lambda r: (key(r), r.municipality.name), reverse=sort.startswith("-"))
    return Dashboard(rows=rows, shown=shown, filter=filterset, targets=agency_targets(data), data=data)


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


__all__ = ["Dashboard", "DashboardFilter", "dashboard_for", "headers", "phase_choices"]


@dataclass
class MunicipalityAnalytics:
    row: Row
    data: AgencyData
    targets: list[Target]


def municipality_analytics(user, municipality: Municipality) -> MunicipalityAnalytics:
    """One municipality's dashboard row with its reasons (the same function as the dashboard's)."""
    data = cached_agency_data(user, [municipality])
    row = data.rows[municipality.pk]
    row.reasons = attention_from(data)[municipality.pk]
    part, total = data.settled[municipality.pk]
    row.settled = Ratio(part, total)
    row.off_track = data.indicators[municipality.pk]["off_track"]
    return MunicipalityAnalytics(row=row, data=data, targets=agency_targets(data))
