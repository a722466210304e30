from datetime import date, timedelta

import pytest
from django.utils import timezone

from pilots import hooks
from pilots.models import PlanReview, SupportPlan

from .factories import housed

pytestmark = pytest.mark.django_db


def test_it_lists_plans_due_for_review_for_the_social_worker(ostrava, social_worker, crisis, social, coordinator):
    mine = housed(crisis, date(2024, 1, 1))
    other = housed(social, date(2024, 1, 1))
    for placement in (mine, other):
        plan = SupportPlan.objects.create(household=placement.household, programme=placement.programme, started_on=placement.move_in)
        PlanReview.objects.create(plan=plan, due_on=timezone.localdate() - timedelta(days=1))
    items = hooks.attention(social_worker, ostrava)
    assert [i.level for i in items] == ["danger"] and mine.household.code in items[0].text
    assert hooks.attention(coordinator, ostrava) == []


def test_it_shows_occupancy_with_small_counts_hidden(ostrava, consultant, coordinator, partner, crisis, django_assert_max_num_queries):
    housed(crisis, date(2024, 1, 1))
    with django_assert_max_num_queries(3):
        card = hooks.overview_card(consultant, ostrava)
    assert card.figure == "<5 / 30"
    assert hooks.overview_card(coordinator, ostrava).figure == "1 / 30"
    assert hooks.overview_card(partner, ostrava) is None
