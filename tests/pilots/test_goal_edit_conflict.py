"""Issue 13: two workers save one goal of a support plan; the second gets 409 with both versions."""

from datetime import date

import pytest
from django.urls import reverse

from pilots.models import SupportGoal, SupportPlan
from tests.edit_conflict import second_save_conflicts

pytestmark = pytest.mark.django_db


def test_it_answers_409_to_the_second_of_two_sessions_saving_a_goal(client_for, social_worker, coordinator, crisis,
                                                                     crisis_household):
    plan = SupportPlan.objects.create(household=crisis_household, programme=crisis, started_on=date(2024, 3, 1))
    goal = SupportGoal.objects.create(plan=plan, domain=SupportGoal._meta.get_field("domain").choices[0][0],
                                      description="Splácet dluh na nájmu")
    url = reverse("pilots:goal_edit", args=["ostrava", goal.pk])
    saved, conflict = second_save_conflicts(client_for(social_worker), client_for(coordinator), url,
                                            description="Splácet dluh podle splátkového kalendáře")

    assert saved.status_code == 302
    assert conflict.status_code == 409 and 'id="conflict"' in conflict.content.decode()
    goal.refresh_from_db()
    assert (goal.description, goal.edit_version) == ("Splácet dluh podle splátkového kalendáře", 2)
