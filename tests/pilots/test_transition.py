"""Transitions crisis → social → affordable → standard housing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pilots import services
from pilots.models import Exit, Household, Placement, StandardLease

from .factories import FlatFactory, housed

pytestmark = pytest.mark.django_db


def test_it_enrols_the_household_in_the_next_programme_and_links_the_two_placements(crisis, social, coordinator):
    crisis_placement = housed(crisis, date(2024, 1, 1))
    referral = services.household_transition(placement=crisis_placement, to_programme=social, on=date(2024, 6, 1), actor=coordinator)

    crisis_placement.refresh_from_db()
    assert crisis_placement.ended_on == date(2024, 6, 1)
    assert crisis_placement.exit.reason == Exit.Reason.MOVED_UP
    assert referral.programme == social and referral.from_placement == crisis_placement
    household = Household.objects.get(pk=crisis_placement.household_id)
    assert household.programme == social and household.stage == Household.Stage.ACCEPTED
    assert referral.is_accepted and referral.decided_on == date(2024, 6, 1) and referral.cohort == 1
    social_placement = services.placement_create(
        referral=referral, flat=FlatFactory(programme=social), move_in=date(2024, 6, 1), contract="sublease", actor=coordinator
    )
    assert social_placement.previous == crisis_placement
    assert Placement.objects.get(pk=crisis_placement.pk).next == social_placement


def test_it_refuses_a_transition_down_the_ladder(crisis, social, coordinator):
    placement = housed(social, date(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.household_transition(placement=placement, to_programme=crisis, on=date(2024, 6, 1), actor=coordinator)
    assert "to_programme" in error.value.message_dict
    placement.refresh_from_db()
    assert placement.ended_on is None


def test_it_moves_to_standard_housing_with_the_standard_lease_and_without_a_new_referral(affordable, coordinator):
    placement = housed(affordable, date(2024, 1, 1))
    assert services.household_transition(
        placement=placement, to_programme=None, on=date(2025, 1, 1), actor=coordinator,
        lease_signed_on=date(2025, 1, 1), landlord=StandardLease.Landlord.COOPERATIVE, fixed_term=True,
    ) is None
    placement.refresh_from_db()
    assert placement.exit.destination == Exit.Destination.PERMANENT
    assert placement.exit.reason == Exit.Reason.MOVED_UP
    lease = placement.exit.standard_lease
    assert (lease.signed_on, lease.landlord, lease.fixed_term) == (date(2025, 1, 1), "cooperative", True)
    assert placement.household.referrals.count() == 1


@pytest.mark.parametrize(
    ("lease", "errors"),
    [
        ({}, {"lease_signed_on", "landlord"}),
        ({"lease_signed_on": date(2023, 12, 1), "landlord": "city"}, {"lease_signed_on"}),
        ({"lease_signed_on": date(2025, 1, 1), "landlord": "castle"}, {"landlord"}),
    ],
)
def test_it_refuses_standard_housing_without_a_valid_lease_and_saves_nothing(affordable, coordinator, lease, errors):
    placement = housed(affordable, date(2024, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.household_transition(placement=placement, to_programme=None, on=date(2025, 1, 1), actor=coordinator, **lease)
    assert set(exc.value.error_dict) == errors
    placement.refresh_from_db()
    assert placement.ended_on is None and not Exit.objects.exists() and not StandardLease.objects.exists()


def test_it_records_the_lease_through_the_form_and_shows_it_on_the_household(client_for, coordinator, affordable):
    placement = housed(affordable, date(2024, 1, 1))
    client = client_for(coordinator)
    url = reverse("pilots:transition", args=["ostrava", placement.pk])
    refused = client.post(url, {"to_programme": "", "on": "2025-01-01", "intensity": "low", "planned_hours": "4"})
    assert refused.status_code == 200 and 'id="error_1_id_landlord"' in refused.content.decode()
    response = client.post(url, {
        "to_programme": "", "on": "2025-01-01", "intensity": "low", "planned_hours": "4",
        "lease_signed_on": "2025-01-01", "landlord": "city",
    })
    assert response.status_code == 302
    page = client.get(placement.household.get_absolute_url()).content.decode()
    assert "1. 1. 2025" in page and StandardLease.objects.get().landlord == "city"


def test_it_offers_only_higher_programmes_in_the_form(client_for, coordinator, crisis, social, affordable):
    placement = housed(social, date(2024, 1, 1))
    response = client_for(coordinator).get(reverse("pilots:transition", args=["ostrava", placement.pk]))
    content = response.content.decode()
    assert affordable.name in content and crisis.name not in content
