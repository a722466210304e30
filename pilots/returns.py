"""Returns after an exit to a permanent destination (as HUD's System Performance Measure 2).

Of the households that left a programme for a permanent destination, the share who came back to
crisis services or homelessness within 0–6 months, 7–12 months and 13–24 months of the exit.

* **Exits counted**: exits from the programme's placements with a permanent destination, moves up
  included (the next programme is permanent housing; staying in it is not a return), up to the
  reference date. Deceased households are left out.
* **A return** is the first of: a new referral of the same household (same code) to a crisis
  programme after the exit; a follow-up after the exit that finds it homeless or in temporary
  housing (hostel, shelter, family or friends for now). A follow-up's time is its month (+6, +12,
  +24), a referral's time its date.
* **Windows are complete**: an exit enters the denominator of a window only when the window's end
  (6, 12 or 24 months after the exit) lies on or before the reference date, so recent exits are
  not counted as "no return" too early.
* A household returns once: it is counted in the window of its first return only.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.utils.translation import gettext as _

from .models import Exit, FollowUp, Referral, add_months
from .models.programmes import ProgrammeKind

WINDOWS = ((0, 6), (6, 12), (12, 24))
RETURN_STATUSES = frozenset({FollowUp.Status.HOMELESS, FollowUp.Status.TEMPORARY})


def load_returns(household_ids: list[int], as_of: date) -> dict:
    """The later crisis referrals and the follow-ups of the households, in two queries."""
    referrals: dict[int, list[date]] = defaultdict(list)
    for household, referred_on in Referral.objects.filter(
        household_id__in=household_ids, programme__kind=ProgrammeKind.CRISIS, referred_on__lte=as_of
    ).values_list("household_id", "referred_on"):
        referrals[household].append(referred_on)
    follow_ups: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for exit_id, months, status in FollowUp.objects.filter(
        exit__placement__household_id__in=household_ids, done_on__isnull=False, done_on__lte=as_of
    ).values_list("exit_id", "months", "status"):
        follow_ups[exit_id].append((months, status))
    return {"referrals": referrals, "follow_ups": follow_ups}


def return_after(exit: Exit, household_id: int, data: dict) -> date | None:
    """The day of the household's first return after ``exit``, or None."""
    candidates = [d for d in data["referrals"].get(household_id, []) if d > exit.exit_date]
    for months, status in data["follow_ups"].get(exit.pk, []):
        if status in RETURN_STATUSES:
            candidates.append(add_months(exit.exit_date, months))
    return min(candidates, default=None)


def returns_after_exit(living, programme_data) -> list:
    from .indicators import Indicator, _exit, _ratio

    as_of = programme_data.as_of
    exits = [
        (e.household_id, x) for e in living for p in e.placements
        if (x := _exit(p)) is not None and x.exit_date <= as_of and x.is_permanent
    ]
    result = []
    for start, end in WINDOWS:
        eligible = [(h, x) for h, x in exits if add_months(x.exit_date, end) <= as_of]
        returned = 0
        for household, x in eligible:
            day = return_after(x, household, programme_data.returns)
            if day is not None and (start == 0 or add_months(x.exit_date, start) < day) and day <= add_months(x.exit_date, end):
                returned += 1
        words = {"a": start + 1 if start else 0, "b": end}
        result.append(Indicator(
            f"returns_{end}", _("Returns %(a)s–%(b)s months after a permanent exit") % words,
            _("Households that came back to crisis services or homelessness (a new referral to a crisis programme, "
              "or a follow-up finding them homeless or in temporary housing) %(a)s to %(b)s months after leaving for "
              "a permanent destination, first return only, out of the permanent exits at least %(b)s months before "
              "the reference date (deceased excluded).") % words,
            "percent", returned, len(eligible), _ratio(returned, len(eligible)),
        ))
    return result
