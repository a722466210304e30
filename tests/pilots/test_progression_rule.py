"""Defect 5: progression is measured against the programme's planned support length plus a
stated grace period, in calendar months, not against a fixed 183 days."""

from datetime import date

import pytest

from pilots.indicators import PROGRESSION_GRACE_DAYS, compute, progression_deadline
from pilots.models import Exit, ProgrammeKind, add_months

from .factories import ProgrammeFactory, housed

pytestmark = pytest.mark.django_db


def _rate(programme, as_of):
    return {i.key: i for i in compute(programme, as_of=as_of)}["progression"]


def test_a_move_up_exactly_at_the_planned_end_counts_whatever_the_months_length():
    """181 days (January–June) and 184 days (July–December) both are "6 months"."""
    crisis = ProgrammeFactory(kind=ProgrammeKind.CRISIS, support_months=6, cohort_count=2, cohort_size=10, start_date=date(2024, 1, 1))
    for cohort, start in ((1, date(2024, 1, 1)), (2, date(2024, 7, 1))):
        for _ in range(10):
            housed(crisis, start, cohort=cohort, exit_on=add_months(start, 6), reason=Exit.Reason.MOVED_UP)
    assert (date(2024, 7, 1) - date(2024, 1, 1)).days == 182 and (date(2025, 1, 1) - date(2024, 7, 1)).days == 184
    rate = _rate(crisis, date(2025, 6, 30))
    assert (rate.numerator, rate.denominator, rate.value) == (20, 20, 1.0)


def test_the_twenty_month_programmes_are_measured_against_twenty_months():
    social = ProgrammeFactory(kind=ProgrammeKind.SOCIAL, support_months=20, start_date=date(2023, 1, 1))
    housed(social, date(2023, 1, 1), exit_on=date(2024, 9, 1), reason=Exit.Reason.MOVED_UP)  # 20 months
    housed(social, date(2023, 1, 1), exit_on=date(2024, 9, 30), reason=Exit.Reason.MOVED_UP)  # within the grace period
    housed(social, date(2023, 1, 1), exit_on=date(2024, 10, 15), reason=Exit.Reason.MOVED_UP)  # too late
    housed(social, date(2023, 1, 1))  # still there
    rate = _rate(social, date(2025, 1, 1))
    assert (rate.numerator, rate.denominator) == (2, 4)
    assert "20" in rate.label and str(PROGRESSION_GRACE_DAYS) in rate.definition


def test_the_deadline_is_the_planned_support_plus_the_grace_period():
    programme = ProgrammeFactory.build(support_months=6)
    assert progression_deadline(programme, date(2024, 8, 31)) == date(2025, 2, 28) + __import__("datetime").timedelta(days=30)
    eligible_before = _rate(ProgrammeFactory(kind=ProgrammeKind.CRISIS, support_months=6), date(2024, 1, 1))
    assert eligible_before.denominator == 0
