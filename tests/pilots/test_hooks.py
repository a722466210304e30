from datetime import date, timedelta

import pytest
from django.utils import timezone

from pilots import hooks
from pilots.models import FollowUp, PlanReview, SupportPlan, add_months

from .factories import housed

pytestmark = pytest.mark.django_db


def _plan_due(placement, days_from_today: int) -> PlanReview:
    plan = SupportPlan.objects.create(household=placement.household, programme=placement.programme, started_on=placement.move_in)
    return PlanReview.objects.create(plan=plan, due_on=timezone.localdate() + timedelta(days=days_from_today))


def _exited(programme, days_ago: int):
    """A household that left ``days_ago`` days ago, with its follow-ups +6, +12 and +24 months."""
    today = timezone.localdate()
    exit_on = today - timedelta(days=days_ago)
    placement = housed(programme, exit_on - timedelta(days=200), exit_on=exit_on)
    FollowUp.objects.bulk_create(
        [FollowUp(exit=placement.exit, months=m, due_on=add_months(exit_on, m)) for m in FollowUp.MONTHS]
    )
    return placement


def test_it_lists_plans_due_for_review_for_the_assigned_social_worker(ostrava, social_worker, crisis, social):
    mine = housed(crisis, date(2024, 1, 1))
    other = housed(social, date(2024, 1, 1))
    _plan_due(mine, -1)
    _plan_due(other, -1)
    _plan_due(housed(crisis, date(2024, 1, 1)), 60)  # not yet
    items = hooks.attention_many(social_worker, [ostrava])[ostrava.pk]
    assert [i.level for i in items] == ["danger"] and mine.household.code in items[0].text
    assert items[0].url.endswith(f"/plans/{mine.household.support_plans.get().pk}/")


def test_it_lists_plans_due_for_the_programmes_coordinator_only(ostrava, coordinator, gestor, crisis, affordable):
    mine = housed(crisis, date(2024, 1, 1))
    _plan_due(mine, 3)
    _plan_due(housed(affordable, date(2024, 1, 1)), 3)  # affordable has no coordinator named
    items = hooks.attention_many(coordinator, [ostrava])[ostrava.pk]
    assert [(i.level, mine.household.code in i.text) for i in items] == [("warning", True)]
    assert hooks.attention_many(gestor, [ostrava])[ostrava.pk] == []


def test_it_lists_follow_ups_due_after_an_exit(ostrava, social_worker, coordinator, crisis, social):
    # Left about six months ago: the +6 follow-up is due within two weeks.
    due = _exited(crisis, 180)
    _exited(crisis, 30)  # +6 months is still far away
    done = _exited(crisis, 200)
    FollowUp.objects.filter(exit=done.exit, months=6).update(done_on=timezone.localdate(), status=FollowUp.Status.SAME_HOME)
    _exited(social, 180)  # not the social worker's programme
    items = hooks.attention_many(social_worker, [ostrava])[ostrava.pk]
    assert len(items) == 1
    assert due.household.code in items[0].text and "+6" in items[0].text
    assert items[0].url.endswith(f"/follow-ups/{due.exit.follow_ups.get(months=6).pk}/")
    assert {i.text for i in hooks.attention_many(coordinator, [ostrava])[ostrava.pk]} >= {items[0].text}
    assert len(hooks.attention_many(coordinator, [ostrava])[ostrava.pk]) == 2  # coordinates both programmes


def test_it_marks_overdue_follow_ups(ostrava, social_worker, crisis):
    _exited(crisis, 360)  # +6 overdue, +12 due within two weeks
    levels = sorted((i.level, i.text) for i in hooks.attention_many(social_worker, [ostrava])[ostrava.pk])
    assert [level for level, _text in levels] == ["danger", "warning"]


def test_it_skips_anonymised_households(ostrava, social_worker, crisis):
    placement = _exited(crisis, 180)
    placement.household.anonymised_at = timezone.now()
    placement.household.save()
    assert hooks.attention_many(social_worker, [ostrava])[ostrava.pk] == []


@pytest.mark.parametrize("persona", ["consultant", "partner", "member", "writer", "outsider"])
def test_it_shows_nothing_to_those_without_household_access(request, persona, ostrava, crisis):
    _plan_due(housed(crisis, date(2024, 1, 1)), -1)
    _exited(crisis, 180)
    assert hooks.attention_many(request.getfixturevalue(persona), [ostrava])[ostrava.pk] == []


def test_it_runs_a_fixed_number_of_queries(ostrava, social_worker, crisis):
    def count() -> tuple[int, int]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        social_worker.__dict__.pop("_portal_roles", None)
        with CaptureQueriesContext(connection) as captured:
            items = hooks.attention_many(social_worker, [ostrava])[ostrava.pk]
        return len(captured), len(items)

    _plan_due(housed(crisis, date(2024, 1, 1)), -1)
    _exited(crisis, 180)
    few_queries, few = count()
    for _ in range(6):
        _plan_due(housed(crisis, date(2024, 1, 1)), 2)
        _exited(crisis, 178)
    many_queries, many = count()
    assert many == few + 12
    assert many_queries == few_queries <= 3


def test_it_shows_occupancy_with_small_counts_hidden(ostrava, consultant, coordinator, partner, crisis, django_assert_max_num_queries):
    housed(crisis, date(2024, 1, 1))
    with django_assert_max_num_queries(3):
        card = hooks.overview_card(consultant, ostrava)
    assert card.figure == "<5 / 30"
    assert hooks.overview_card(coordinator, ostrava).figure == "1 / 30"
    assert hooks.overview_card(partner, ostrava) is None
