"""Quarterly snapshots for the targets' trend: one row per municipality and quarter, safe twice."""

from datetime import date

from analytics.models import TargetSnapshot
from analytics.snapshots import quarter_of, snapshot_take, trend_for
from tests.analytics.agency import cooperation, criterion


def test_it_stores_one_row_per_municipality_and_quarter_and_sums_the_trend(world):
    criterion(cooperation(world.ostrava), t0=1, t24=2)
    cooperation(world.kladno)
    snapshot_take(today=date(2026, 8, 15))
    snapshot_take(today=date(2026, 12, 1))
    snapshot_take(today=date(2026, 12, 2))  # the same quarter again: rewritten, not added
    assert TargetSnapshot.objects.count() == 3 * 2
    trend = trend_for([world.ostrava.pk, world.kladno.pk])
    assert [(q, r.part, r.total) for q, r in trend["competence"]] == [("2026-Q3", 1, 2), ("2026-Q4", 1, 2)]
    assert quarter_of(date(2026, 12, 31)) == "2026-Q4"
