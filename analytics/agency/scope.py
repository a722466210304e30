"""Everything the targets, the "needs attention" rules, the dashboard and the report read about a
set of municipalities, gathered once with a fixed number of queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from portal.models import Municipality

from ..selectors import Row, dashboard_rows
from . import facts as f


@dataclass
class AgencyData:
    now: datetime
    today: date
    municipalities: list[Municipality]
    rows: dict[int, Row]
    coops: dict[int, f.CooperationFacts]
    hours: dict[int, f.ManagerHours | None]
    own_meetings: dict[int, f.OwnMeetings]
    conferences: list
    settled: dict[int, tuple[int, int]]
    overdue_settlements: dict[int, int]
    pilot_problems: dict[int, tuple[int, int]]
    last_activity: dict[int, date | None]
    indicators: dict[int, dict]
    all_scope: bool
    computed_at: datetime | None = None  # the oldest cached figure's time (``cached_agency_data``)

    @property
    def ids(self) -> list[int]:
        return [m.pk for m in self.municipalities]


def indicator_attention(ids: Sequence[int], today: date) -> dict[int, dict]:
    """Indicators off track and periods overdue, from "indicators and data" (a fixed number of queries)."""
    from ..indicators.selectors import indicator_attention as bulk

    empty = {"off_track": 0, "overdue_periods": 0, "off_track_codes": []}
    found = bulk(list(ids), today=today)
    return {pk: found.get(pk, dict(empty)) for pk in ids}


def agency_data(user, municipalities: Sequence[Municipality], *, now: datetime | None = None,
                all_scope: bool = False) -> AgencyData:
    """``all_scope``: the superuser's view of everything (conferences not limited by attendance)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    municipalities = list(municipalities)
    ids = [m.pk for m in municipalities]
    from ..attention import rules  # the thresholds are settings

    coops = f.cooperation_facts(ids)
    return AgencyData(
        now=now, today=today, municipalities=municipalities,
        rows={r.municipality.pk: r for r in dashboard_rows(user, municipalities, now=now)},
        coops=coops,
        hours=f.manager_hours(ids, coops, today),
        own_meetings=f.own_participative_meetings(ids, now),
        conferences=f.conferences_for(None if all_scope else ids, today),
        settled=f.comment_settlement(ids),
        overdue_settlements=f.overdue_settlements(ids, now, rules()["settlement_days"]),
        pilot_problems=f.pilot_problems(ids, today),
        last_activity=f.last_activity(ids, now),
        indicators=indicator_attention(ids, today),
        all_scope=all_scope,
    )


_SLICED = ("rows", "coops", "hours", "own_meetings", "settled", "overdue_settlements", "pilot_problems",
           "last_activity", "indicators")


def _slices(user, municipalities: list[Municipality], now: datetime) -> dict[int, dict]:
    """agency_data for these municipalities, cut into one picklable slice per municipality."""
    from ..models import EventAttendance

    data = agency_data(user, municipalities, now=now)
    attended: dict[int, set[int]] = {}
    for event_id, mid in EventAttendance.objects.filter(
            event__in=[c.pk for c in data.conferences], municipality__in=data.ids).values_list("event_id", "municipality_id"):
        attended.setdefault(mid, set()).add(event_id)
    return {
        m.pk: {**{name: getattr(data, name)[m.pk] for name in _SLICED},
               "conferences": [c for c in data.conferences if c.pk in attended.get(m.pk, ())]}
        for m in municipalities
    }


def cached_agency_data(user, municipalities: Sequence[Municipality], *, all_scope: bool = False) -> AgencyData:
    """:func:`agency_data` from the aggregates cache (portal/aggregates.py): each municipality's
    figures are computed once (the missing ones together) and reused until a service changes that
    municipality, the day turns or the entry expires. ``computed_at`` is the oldest figure's time."""
    from portal import aggregates
    from portal.permissions import suppress_small_counts

    now = timezone.now()
    municipalities = list(municipalities)
    by_pk = {m.pk: m for m in municipalities}
    entries = aggregates.cached_many(
        "agency", list(by_pk), lambda ids: _slices(user, [by_pk[pk] for pk in ids], now))
    fields: dict[str, dict] = {name: {} for name in _SLICED}
    conferences: dict[int, object] = {}
    for m in municipalities:
        part = entries[m.pk].value
        for name in _SLICED:
            fields[name][m.pk] = part[name]
        row = fields["rows"][m.pk]
        row.municipality = m
        row.suppress = suppress_small_counts(user, m)  # who looks, not what is counted
        for c in part["conferences"]:
            conferences[c.pk] = c
    return AgencyData(
        now=now, today=timezone.localdate(now), municipalities=municipalities,
        conferences=(f.conferences_for(None, timezone.localdate(now)) if all_scope
                     else sorted(conferences.values(), key=lambda c: (c.held_on, c.pk))),
        all_scope=all_scope, computed_at=aggregates.oldest(entries.values()), **fields,
    )
