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
