"""Quarterly snapshots of each municipality's contribution to the five targets, for the trend.

Beat runs :func:`snapshot_take` daily; it rewrites the current quarter's row of every municipality
(one row per municipality and quarter, a unique constraint), so running it twice changes nothing and
a past quarter keeps the figures it had when it ended.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from portal.models import Municipality

from .agency.scope import agency_data
from .models import EventAttendance, TargetSnapshot
from .selectors import Ratio

PER_MUNICIPALITY = ("competence", "participative", "evidence", "good_practice")


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def snapshot_take(*, today: date | None = None) -> int:
    """Store the current quarter's contributions of every municipality; returns how many rows."""
    from .targets import agency_targets

    now = timezone.now()
    today = today or timezone.localdate(now)
    municipalities = list(Municipality.objects.order_by("pk"))
    data = agency_data(AnonymousUser(), municipalities, now=now, all_scope=True)
    targets = {t.key: t for t in agency_targets(data, trend=False)}
    per: dict[int, dict] = defaultdict(dict)
    for key in PER_MUNICIPALITY:
        for line in targets[key].lines:
            per[line.key][key] = [int(line.in_denominator), int(line.counted)]
    counted = {x.key for x in targets["conferences"].lines if x.counted}
    held = {x.key for x in targets["conferences"].lines}
    attended: dict[int, set[int]] = defaultdict(set)
    for event_id, mid in EventAttendance.objects.filter(event_id__in=held).values_list("event_id", "municipality_id"):
        attended[mid].add(event_id)
    quarter = quarter_of(today)
    with transaction.atomic():
        for m in municipalities:
            events = attended.get(m.pk, set())
            values = {**per[m.pk], "conferences": {"held": sorted(events), "counted": sorted(events & counted)}}
            TargetSnapshot.objects.update_or_create(
                municipality=m, quarter=quarter, defaults={"taken_on": today, "data": values}
            )
    return len(municipalities)


def trend_for(ids: Sequence[int]) -> dict[str, list[tuple[str, Ratio]]]:
    """{target key: [(quarter, ratio), …]} summed over the given municipalities (one query)."""
    sums: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    conf: dict[str, tuple[set, set]] = defaultdict(lambda: (set(), set()))
    for snap in TargetSnapshot.objects.filter(municipality__in=list(ids)).only("quarter", "data").order_by("quarter"):
        for key in PER_MUNICIPALITY:
            den, num = snap.data.get(key, [0, 0])
            s = sums[key][snap.quarter]
            s[0] += num
            s[1] += den
        c = snap.data.get("conferences", {})
        conf[snap.quarter][0].update(c.get("counted", []))
        conf[snap.quarter][1].update(c.get("held", []))
    result = {key: [(q, Ratio(v[0], v[1])) for q, v in sorted(sums[key].items())] for key in PER_MUNICIPALITY}
    result["conferences"] = [(q, Ratio(len(c), len(h))) for q, (c, h) in sorted(conf.items())]
    return result
