"""Issue 13: two workers save one household; the second sees the conflict (409, both versions)."""

import pytest
from django.urls import reverse

from pilots.models import Household

pytestmark = pytest.mark.django_db

FIELDS = {
    "size": 3, "adults": 1, "children": 2, "composition": "single_parent", "ethos": "8", "prior_living": "residential_hotel",
    "income_source": "material_need", "referral_source": "labour_office", "debt_band": "",
}


def test_the_second_of_two_sessions_saving_one_household_sees_the_conflict(client_for, social_worker, coordinator, crisis_household):
    url = reverse("pilots:household_edit", args=["ostrava", crisis_household.pk])
    first, second = client_for(social_worker), client_for(coordinator)
    assert 'name="edit_version" value="1"' in first.get(url).content.decode()
    assert 'name="edit_version" value="1"' in second.get(url).content.decode()

    saved = first.post(url, {**FIELDS, "income_source": "employment", "edit_version": 1})
    assert saved.status_code == 302
    conflict = second.post(url, {**FIELDS, "income_source": "pension", "edit_version": 1})

    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert 'id="conflict"' in page and 'name="edit_version" value="2"' in page
    household = Household.objects.get(pk=crisis_household.pk)
    assert household.income_source == "employment" and household.edit_version == 2
    rows = {row["label"]: row for row in conflict.context["conflict_rows"]}
    income = [row for row in rows.values() if row["changed"]]
    assert len(income) == 1 and income[0]["theirs"] == str(Household.Income.EMPLOYMENT.label)
    # saving again on purpose keeps the second worker's version
    assert second.post(url, {**FIELDS, "income_source": "pension", "edit_version": 2}).status_code == 302
    assert Household.objects.get(pk=crisis_household.pk).income_source == "pension"
