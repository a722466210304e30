"""Acceptance 1: indicators on hand-made fixtures with known answers."""

from datetime import date
from decimal import Decimal

import pytest

from pilots.indicators import compute, compute_by_cohort, hidden_text
from pilots.models import Exit, ProgrammeKind, RentCharge

from .factories import FlatFactory, ProgrammeFactory, housed

pytestmark = pytest.mark.django_db

R, D = Exit.Reason, Exit.Destination


def by_key(indicators):
    return {i.key: i for i in indicators}


def test_it_gives_96_percent_when_2_of_50_leave_for_non_payment_before_12_months():
    programme = ProgrammeFactory()
    for n in range(50):
        if n < 2:
            housed(programme, date(2023, 1, 1), exit_on=date(2023, 8, 15), reason=R.NON_PAYMENT, destination=D.TEMPORARY)
        else:
            housed(programme, date(2023, 1, 1))

    retention = by_key(compute(programme, as_of=date(2024, 6, 30)))["retention_12"]

    assert (retention.numerator, retention.denominator) == (48, 50)
    assert round(retention.value * 100, 1) == 96.0
    assert retention.shown(suppress=False)["value"] == "96,0 %"
    assert retention.definition


def test_it_gives_80_4_percent_for_74_of_92_and_leaves_out_the_deceased_and_the_too_recent():
    programme = ProgrammeFactory(target_households=100, cohort_size=100)
    start = date(2023, 1, 1)
    for _ in range(60):
        housed(programme, start)
    for _ in range(14):  # left before 12 months, but for permanent housing: retained
        housed(programme, start, exit_on=date(2023, 10, 1), reason=R.VOLUNTARY, destination=D.PERMANENT)
    for n in range(18):
        destination = [D.HOMELESS, D.TEMPORARY, D.UNKNOWN][n % 3]
        housed(programme, start, exit_on=date(2023, 6, 1), reason=R.ABANDONED, destination=destination)
    housed(programme, start, exit_on=date(2023, 3, 1), reason=R.DEATH, destination=D.DECEASED)
    housed(programme, date(2024, 5, 1))  # housed 2 months before the reference date: window incomplete

    indicators = by_key(compute(programme, as_of=date(2024, 6, 30)))

    retention = indicators["retention_12"]
    assert (retention.numerator, retention.denominator) == (74, 92)
    assert retention.shown(suppress=False)["value"] == "80,4 %"
    strict = indicators["retention_12_strict"]
    assert (strict.numerator, strict.denominator) == (60, 92)
    served = indicators["served"]
    assert (served.numerator, served.denominator) == (94, 100)
    exits = indicators["permanent_exits"]
    assert (exits.numerator, exits.denominator) == (14, 32)


def test_it_computes_progression_against_the_planned_support_and_the_median_days():
    crisis = ProgrammeFactory(kind=ProgrammeKind.CRISIS, support_months=6, start_date=date(2024, 1, 1))
    social = ProgrammeFactory(municipality=crisis.municipality, kind=ProgrammeKind.SOCIAL, start_date=date(2024, 1, 1))
    start = date(2024, 1, 1)

    def moved_up(days, *, to_social=True, move_in=start):
        day = date.fromordinal(move_in.toordinal() + days)
        placement = housed(crisis, move_in, exit_on=day, reason=R.MOVED_UP, destination=D.PERMANENT)
        if to_social:
            housed(social, day, previous=placement)

    moved_up(100)
    moved_up(150, to_social=False)  # straight to standard housing
    moved_up(183)
    moved_up(240)  # after 6 months + 30 days
    housed(crisis, start)  # still in crisis housing
    housed(crisis, start, exit_on=date(2024, 3, 31), reason=R.NON_PAYMENT, destination=D.HOMELESS)
    housed(crisis, start, exit_on=date(2024, 2, 1), reason=R.DEATH, destination=D.DECEASED)
    moved_up(30, move_in=date(2024, 10, 1))  # too recent for the rate, but it did move up

    indicators = by_key(compute(crisis, as_of=date(2024, 12, 31)))

    rate = indicators["progression"]
    assert (rate.numerator, rate.denominator) == (3, 6)
    assert rate.value == 0.5
    median = indicators["progression_median_days"]
    assert median.denominator == 5
    assert median.value == 150  # 30, 100, 150, 183, 240


def test_it_computes_evictions_per_household_year():
    programme = ProgrammeFactory(start_date=date(2020, 1, 1))
    housed(programme, date(2020, 1, 1))  # 1461 days to the reference date
    housed(programme, date(2020, 1, 1), exit_on=date(2021, 1, 1), reason=R.NON_PAYMENT, destination=D.TEMPORARY)  # 366
    housed(programme, date(2021, 1, 1), exit_on=date(2021, 12, 31), reason=R.BREACH, destination=D.HOMELESS)  # 364
    housed(programme, date(2022, 1, 1), exit_on=date(2022, 7, 1), reason=R.VOLUNTARY, destination=D.PERMANENT)  # 181
    housed(programme, date(2020, 1, 1), exit_on=date(2023, 1, 1), reason=R.DEATH, destination=D.DECEASED)

    rate = by_key(compute(programme, as_of=date(2023, 12, 31)))["eviction_rate"]

    assert rate.numerator == 2
    assert rate.denominator == round(2372 / 365.25, 2)
    assert rate.value == pytest.approx(2 * 365.25 / 2372)
    assert rate.shown(suppress=False)["value"] == "0,308"


def test_it_computes_utilisation_as_occupied_over_available_flat_days():
    programme = ProgrammeFactory(start_date=date(2024, 1, 1))
    flat_a = FlatFactory(programme=programme, available_from=date(2024, 1, 1))
    flat_b = FlatFactory(programme=programme, available_from=date(2024, 1, 1))
    FlatFactory(programme=programme, available_from=date(2024, 1, 22))  # 10 days in January, empty
    housed(programme, date(2024, 1, 1), flat=flat_a)  # 31 days
    housed(programme, date(2024, 1, 11), flat=flat_b, exit_on=date(2024, 1, 21), reason=R.VOLUNTARY)  # 10 days

    utilisation = by_key(compute(programme, as_of=date(2024, 1, 31)))["utilisation"]

    assert (utilisation.numerator, utilisation.denominator) == (41, 72)
    assert utilisation.value == pytest.approx(41 / 72)


def test_it_computes_the_share_free_of_arrears_and_mean_arrears_in_months():
    programme = ProgrammeFactory()
    months = [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]

    def ledger(rent, rows):
        placement = housed(programme, date(2024, 1, 1), rent=Decimal(rent))
        for month, (due, paid) in zip(months, rows, strict=False):
            RentCharge.objects.create(placement=placement, month=month, due=due, paid=paid)
        return placement

    ledger(5000, [(5000, 5000)] * 3)  # paid up
    ledger(5000, [(5000, 5000), (5000, 0), (5000, 0)])  # 10 000 owed = 2 months
    ledger(5000, [(5000, 7500), (5000, 5000)])  # overpaid: no arrears
    late = ledger(4000, [(4000, 4000), (4000, 2000)])  # 2 000 owed = 0.5 month
    RentCharge.objects.create(placement=late, month=date(2024, 4, 1), due=4000, paid=0)  # after the reference date
    housed(programme, date(2024, 1, 1))  # no ledger: not a tenancy for this indicator

    indicators = by_key(compute(programme, as_of=date(2024, 3, 31)))

    free = indicators["arrears_free"]
    assert (free.numerator, free.denominator, free.value) == (2, 4, 0.5)
    mean = indicators["arrears_months"]
    assert mean.value == pytest.approx(0.625)


def test_it_computes_per_cohort_and_hides_small_counts_when_asked():
    programme = ProgrammeFactory(cohort_count=2, cohort_size=10, target_households=20)
    for _ in range(8):
        housed(programme, date(2023, 1, 1), cohort=1)
    for _ in range(3):
        housed(programme, date(2023, 7, 1), cohort=2)

    result = compute_by_cohort(programme, as_of=date(2024, 12, 31))

    assert by_key(result["all"])["served"].numerator == 11
    assert by_key(result["cohorts"][1])["served"].numerator == 8
    small = by_key(result["cohorts"][2])["served"]
    assert (small.numerator, small.denominator) == (3, 10)
    assert small.shown(suppress=True) == {"numerator": "<5", "denominator": "10", "value": hidden_text()}
    assert small.shown(suppress=False)["numerator"] == "3"


def test_it_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    programme = ProgrammeFactory()
    for _ in range(20):
        housed(programme, date(2023, 1, 1))
    with django_assert_max_num_queries(8):  # + the returns: later crisis referrals and follow-ups
        compute_by_cohort(programme, as_of=date(2024, 1, 1))


def test_it_hides_a_small_count_that_could_be_worked_out_from_its_complement():
    """47 of 50 retained tells that 3 were not: the numerator and the share go, the base stays."""
    from pilots.indicators import Indicator

    retained = Indicator("retention_12", "Retention", "…", "percent", 47, 50, 0.94)
    assert retained.shown(suppress=True) == {"numerator": hidden_text(), "denominator": "50", "value": hidden_text()}
    assert retained.shown(suppress=False) == {"numerator": "47", "denominator": "50", "value": "94,0 %"}
    # 45 of 50: five not retained is not a small count
    assert Indicator("retention_12", "Retention", "…", "percent", 45, 50, 0.9).shown(suppress=True)["value"] == "90,0 %"
    # all retained: nobody to recognise
    assert Indicator("retention_12", "Retention", "…", "percent", 50, 50, 1.0).shown(suppress=True)["numerator"] == "50"


def test_it_does_not_treat_a_target_as_a_count_of_households():
    """28 households served of a target of 30 hides nobody: the target is a setting."""
    programme = ProgrammeFactory(target_households=30, cohort_size=30)
    for _ in range(28):
        housed(programme, date(2023, 1, 1))
    served = by_key(compute_by_cohort(programme, as_of=date(2024, 1, 1))["all"])["served"]
    assert served.shown(suppress=True) == {"numerator": "28", "denominator": "30", "value": "93,3 %"}
