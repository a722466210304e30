"""Issue 13: two workers change one household's identity, placement or month of rent; one wins,
the other sees the conflict page with both versions."""

from datetime import date

import pytest
from django.urls import reverse

from pilots.models import HouseholdIdentity, Placement, RentCharge

from .factories import FlatFactory, housed

pytestmark = pytest.mark.django_db

IDENTITY = {"birth_year": 1988, "phone": "", "email": "", "contact_note": ""}


def test_the_second_of_two_sessions_saving_one_identity_sees_the_conflict(client_for, social_worker, coordinator, crisis_household):
    url = reverse("pilots:identity_detail", args=["ostrava", crisis_household.pk])
    first, second = client_for(social_worker), client_for(coordinator)
    loaded = crisis_household.identity.edit_version
    for client in (first, second):
        assert f'name="edit_version" value="{loaded}"' in client.get(url).content.decode()

    assert first.post(url, {**IDENTITY, "name": "Jana Nová", "edit_version": loaded}).status_code == 302
    lost = second.post(url, {**IDENTITY, "name": "Jana Stará", "edit_version": loaded})

    assert lost.status_code == 409
    assert 'id="conflict"' in lost.content.decode() and "Jana Nová" in lost.content.decode()
    assert HouseholdIdentity.objects.get(household=crisis_household).name == "Jana Nová"


def test_two_sessions_entering_a_missing_identity_do_not_overwrite_each_other(client_for, social_worker, coordinator, crisis_household):
    HouseholdIdentity.objects.filter(household=crisis_household).delete()
    url = reverse("pilots:identity_detail", args=["ostrava", crisis_household.pk])
    assert client_for(social_worker).post(url, {**IDENTITY, "name": "Jana Nová", "edit_version": 0}).status_code == 302
    lost = client_for(coordinator).post(url, {**IDENTITY, "name": "Jana Stará", "edit_version": 0})
    assert lost.status_code == 409
    assert HouseholdIdentity.objects.get(household=crisis_household).name == "Jana Nová"


@pytest.fixture
def placement(crisis):
    return housed(crisis, date(2024, 1, 10), flat=FlatFactory(programme=crisis))


def test_the_second_of_two_sessions_saving_one_placement_sees_the_conflict(client_for, social_worker, coordinator, placement):
    url = reverse("pilots:placement_detail", args=["ostrava", placement.pk])
    first, second = client_for(social_worker), client_for(coordinator)
    loaded = first.get(url).context["update_form"].initial["edit_version"]
    assert loaded == placement.edit_version
    data = {"update": "1", "contract": placement.contract, "lease_transferred_on": "", "edit_version": loaded}

    assert first.post(url, {**data, "monthly_rent": "4100"}).status_code == 302
    lost = second.post(url, {**data, "monthly_rent": "3900"})

    assert lost.status_code == 409 and 'id="conflict"' in lost.content.decode()
    assert Placement.objects.get(pk=placement.pk).monthly_rent == 4100


def test_the_second_of_two_sessions_entering_one_month_of_rent_sees_the_conflict(client_for, social_worker, coordinator, placement):
    url = reverse("pilots:placement_detail", args=["ostrava", placement.pk])
    month = {"rent": "1", "month": "2024-02", "edit_version": 0}  # neither saw a charge for February
    assert client_for(social_worker).post(url, {**month, "due": "4000", "paid": "4000"}).status_code == 302
    lost = client_for(coordinator).post(url, {**month, "due": "4000", "paid": "0"})

    assert lost.status_code == 409 and 'id="conflict"' in lost.content.decode()
    charge = RentCharge.objects.get(placement=placement)
    assert charge.paid == 4000
    # The re-bound form carries their version: saving again corrects the month on purpose.
    again = client_for(coordinator).post(url, {**month, "due": "4000", "paid": "3000", "edit_version": charge.edit_version})
    assert again.status_code == 302 and RentCharge.objects.get(placement=placement).paid == 3000
