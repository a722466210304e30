"""The status rule on hand-computed fixtures.

Baseline 0 on 1. 1. 2024, target 100 on 31. 12. 2026 (1 095 days). A yearly value for 2025 is
dated 31. 12. 2025, day 730 of the path: expected 100 × 730 / 1 095 = 66.67.
- 62 is 4.67 short, 4.7 % of the way: on track;
- 50 is 16.67 short, 16.7 % of the way: at risk;
- 30 is 36.67 short, 36.7 % of the way: off track.
For "down is good" (baseline 200 → target 100): expected 200 − 66.67 = 133.33 at the end of 2025;
160 is 26.67 above, 26.7 % of the way: off track.
"""

from datetime import date
from decimal import Decimal

import pytest

from analytics.indicators.selectors import plan_summaries, plans_for
from analytics.indicators.status import Point, compute_status, expected_on
from analytics.models import Direction, Status
from tests.analytics.factories import plan_with, value

B = Point(Decimal(0), date(2024, 1, 1))
T = Point(Decimal(100), date(2026, 12, 31))
END_2025 = date(2025, 12, 31)


def test_it_draws_the_straight_path():
    assert round(expected_on(B, T, END_2025), 2) == Decimal("66.67")


@pytest.mark.parametrize(
    ("amount", "status", "percent"),
    [(62, Status.ON_TRACK, 5), (50, Status.AT_RISK, 17), (30, Status.OFF_TRACK, 37), (80, Status.ON_TRACK, -13)],
)
def test_it_classifies_by_share_of_the_way(amount, status, percent):
    result = compute_status(baseline=B, target=T, latest=Point(Decimal(amount), END_2025))
    assert result.status == status
    assert result.shortfall_percent == percent


def test_it_handles_down_is_good():
    result = compute_status(
        baseline=Point(Decimal(200), B.on), target=Point(Decimal(100), T.on), latest=Point(Decimal(160), END_2025),
        up_is_good=False,
    )
    assert result.status == Status.OFF_TRACK


def test_it_gives_no_status_without_an_approved_value():
    assert compute_status(baseline=B, target=T, latest=None).status is None


def test_it_shows_an_override_with_its_reason():
    result = compute_status(
        baseline=B, target=T, latest=Point(Decimal(30), END_2025), override=Status.AT_RISK,
        reason="Byty jsou smluvně zajištěny, nastěhování v lednu.",
    )
    assert result.status == Status.AT_RISK and result.computed == Status.OFF_TRACK
    assert result.overridden and "lednu" in result.reason


@pytest.mark.django_db
def test_it_uses_only_approved_values(ostrava):
    plan = plan_with(ostrava)
    value(plan, 2024, 40)
    value(plan, 2025, 30)
    value(plan, 2026, 99, state="submitted")  # not yet approved: ignored
    [summary] = plan_summaries(plans_for([ostrava.pk]), today=date(2026, 6, 1))
    assert summary.latest.value == Decimal(30)
    assert summary.status.status == Status.OFF_TRACK


@pytest.mark.django_db
def test_it_uses_the_plan_override(ostrava):
    plan = plan_with(ostrava, direction=Direction.UP)
    value(plan, 2025, 30)
    plan.status_override, plan.override_reason = Status.ON_TRACK, "Zpoždění dotace, práce běží."
    plan.save()
    [summary] = plan_summaries(plans_for([ostrava.pk]), today=date(2026, 6, 1))
    assert summary.status.status == Status.ON_TRACK and summary.status.computed == Status.OFF_TRACK
