"""The bulk selector the agency's dashboard calls: off-track indicators and overdue periods per
municipality, in a fixed number of queries."""

from datetime import date

import pytest

from analytics.indicators.selectors import indicator_attention
from tests.analytics.factories import plan_with, value
from tests.factories import MunicipalityFactory

TODAY = date(2026, 3, 1)


@pytest.mark.django_db
def test_it_counts_off_track_and_overdue(ostrava, kladno):
    off = plan_with(ostrava, code="OFF")
    value(off, 2024, 10)
    value(off, 2025, 20)  # 20 against 66.67 expected: off track
    good = plan_with(ostrava, code="OK")
    value(good, 2024, 33)
    value(good, 2025, 66, state="submitted")  # submitted: not overdue, not counted for status
    result = indicator_attention([ostrava.pk, kladno.pk], today=TODAY)
    assert result[ostrava.pk]["off_track"] == 1
    assert result[ostrava.pk]["off_track_codes"] == ["OFF"]
    # Periods 2024 and 2025 ended before 30 days ago; all are submitted or approved.
    assert result[ostrava.pk]["overdue_periods"] == 0
    assert result[kladno.pk] == {"off_track": 0, "at_risk": 0, "overdue_periods": 0, "off_track_codes": [],
                                 "open_flags": 0}


@pytest.mark.django_db
def test_it_counts_a_draft_or_missing_period_as_overdue(ostrava):
    plan = plan_with(ostrava, code="LATE")
    value(plan, 2024, 10, state="draft")
    result = indicator_attention([ostrava.pk], today=TODAY)
    assert result[ostrava.pk]["overdue_periods"] == 2  # 2024 in draft, 2025 missing (baseline 1. 1. 2024)


@pytest.mark.django_db
def test_it_runs_the_same_queries_for_3_and_30_municipalities(django_assert_num_queries):
    def world(n):
        ids = []
        for _ in range(n):
            m = MunicipalityFactory()
            plan = plan_with(m)
            value(plan, 2025, 20)
            ids.append(m.pk)
        return ids

    small, large = world(3), world(30)
    with django_assert_num_queries(4):
        indicator_attention(small, today=TODAY)
    with django_assert_num_queries(4):
        indicator_attention(large, today=TODAY)
