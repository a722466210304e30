"""Returns after an exit to a permanent destination (HUD SPM 2), on a hand-computed fixture."""

from datetime import date

import pytest

from pilots.indicators import compute
from pilots.models import Exit, FollowUp, add_months

from .factories import ProgrammeFactory, ReferralFactory, housed

pytestmark = pytest.mark.django_db
R, D = Exit.Reason, Exit.Destination


def _follow_up(placement, months, status):
    exit = placement.exit
    FollowUp.objects.create(exit=exit, months=months, due_on=add_months(exit.exit_date, months),
                            done_on=add_months(exit.exit_date, months), status=status)


def test_it_counts_first_returns_in_their_window_out_of_complete_windows():
    crisis = ProgrammeFactory(kind="crisis", support_months=6, start_date=date(2020, 1, 1))
    exit_on = date(2021, 1, 1)
    a = housed(crisis, date(2020, 7, 1), exit_on=exit_on)  # back to crisis housing after 4 months: window 0–6
    ReferralFactory(household=a.household, programme=crisis, referred_on=date(2021, 5, 1))
    b = housed(crisis, date(2020, 7, 1), exit_on=exit_on)  # follow-up +12 finds it homeless: window 7–12
    _follow_up(b, 6, FollowUp.Status.SAME_HOME)
    _follow_up(b, 12, FollowUp.Status.HOMELESS)
    c = housed(crisis, date(2020, 7, 1), exit_on=exit_on)  # temporary at +24: window 13–24
    _follow_up(c, 24, FollowUp.Status.TEMPORARY)
    d = housed(crisis, date(2020, 7, 1), exit_on=exit_on)  # stayed housed
    _follow_up(d, 6, FollowUp.Status.SAME_HOME)
    housed(crisis, date(2020, 7, 1), exit_on=exit_on, reason=R.NON_PAYMENT, destination=D.HOMELESS)  # not a permanent exit
    housed(crisis, date(2022, 1, 1), exit_on=date(2022, 7, 1))  # recent: only in the 0–6 window as of 2023-03-31

    returns = {i.key: i for i in compute(crisis, as_of=date(2023, 3, 31))}
    # 0–6: a, b, c, d and the recent exit (2023-01-01 ≤ as of) → a: 1 of 5
    # 7–12: the exits of 2021-01-01 only (the recent one's window ends 2023-07-01) → b: 1 of 4 (a counted once, in 0–6)
    # 13–24: the exits of 2021-01-01 (2023-01-01 ≤ as of) → c: 1 of 4
    assert (returns["returns_6"].numerator, returns["returns_6"].denominator) == (1, 5)
    assert (returns["returns_12"].numerator, returns["returns_12"].denominator) == (1, 4)
    assert (returns["returns_24"].numerator, returns["returns_24"].denominator) == (1, 4)
    assert "first return only" in returns["returns_24"].definition or "první" in returns["returns_24"].definition
