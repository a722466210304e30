"""Defect 7: words and checks on the household pages."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from pilots import services
from pilots.forms import DecisionForm
from pilots.models import SupportContact

from .factories import housed

pytestmark = pytest.mark.django_db


def test_the_referral_decision_is_not_called_a_council_resolution():
    with translation.override("cs"):
        assert str(DecisionForm().fields["decision"].label) != "usnesení"
        assert str(DecisionForm().fields["decision"].label) == "rozhodnutí"


def test_the_contact_duration_column_is_not_headed_meeting_minutes(client_for, social_worker, crisis):
    placement = housed(crisis, date(2024, 1, 1))
    SupportContact.objects.create(household=placement.household, programme=crisis, worker=None, date=date(2024, 2, 1),
                                  minutes=45, mode="office")
    with translation.override("cs"):
        page = client_for(social_worker).get(placement.household.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="cs").content.decode()
    assert "<th scope=\"col\">Zápis</th>" not in page
    assert ">None<" not in page  # a contact without a recorded worker


def test_household_sizes_use_czech_plurals(client_for, social_worker, crisis):
    placement = housed(crisis, date(2024, 1, 1))  # 3 people: 1 adult, 2 children
    page = client_for(social_worker).get(placement.household.get_absolute_url()).content.decode()
    assert "3 osob " not in page and "3 osob<" not in page and "3 osoby" in page


@pytest.mark.parametrize("composition,adults,children,field", [("single", 1, 2, "composition"), ("couple", 2, 1, "composition"),
                                                                ("single_parent", 1, 0, "children")])
def test_a_household_whose_composition_contradicts_its_children_is_refused_with_a_clear_message(
    crisis, ostrava, social_worker, composition, adults, children, field
):
    with pytest.raises(ValidationError) as error:
        services.household_create(
            municipality=ostrava, programme=crisis, actor=social_worker,
            fields={"size": adults + children, "adults": adults, "children": children, "composition": composition, "ethos": "8",
                    "prior_living": "shelter", "income_source": "none", "referral_source": "ngo", "has_debt": False, "debt_band": ""},
            identity={}, referral={"referred_on": date(2024, 1, 1), "intensity": "low", "planned_hours": 4},
        )
    assert field in error.value.message_dict


def test_junk_in_the_household_list_query_answers_200(client_for, coordinator, crisis):
    url = reverse("pilots:household_list", args=["ostrava"])
    response = client_for(coordinator).get(url, {"programme": "abc", "page": "-1", "sort": "zzz", "stage": "<script>"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[-1]
