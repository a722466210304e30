"""Defect 1: moving up loses the case. One household, one identity across programmes; workers
keep read access to the enrolments they worked on; one way to record a move up."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pilots import services
from pilots.forms import ExitForm
from pilots.models import Exit, Household, Referral

from .factories import FlatFactory, housed

pytestmark = pytest.mark.django_db


def _move_up(client, placement, social):
    return client.post(reverse("pilots:transition", args=["ostrava", placement.pk]), {
        "to_programme": social.pk, "on": "2024-07-01", "intensity": "low", "planned_hours": "4",
    })


def test_the_worker_keeps_the_household_and_its_follow_ups_after_recording_the_move_up(client_for, social_worker, crisis, social):
    placement = housed(crisis, date(2024, 1, 1))
    client = client_for(social_worker)

    response = _move_up(client, placement, social)

    household = placement.household
    assert response.status_code == 302 and response["Location"] == household.get_absolute_url()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert household.code in page.content.decode()
    follow_up = Exit.objects.get(placement=placement).follow_ups.get(months=6)
    assert client.get(reverse("pilots:followup_record", args=["ostrava", follow_up.pk])).status_code == 200
    # her enrolment stays hers; the new programme's record is not hers to change
    assert client.get(reverse("pilots:household_edit", args=["ostrava", household.pk])).status_code == 404


def test_the_receiving_programmes_worker_gains_access_from_the_transfer_on(client_for, other_social_worker, coordinator, crisis, social):
    social.social_workers.add(other_social_worker)
    placement = housed(crisis, date(2024, 1, 1))
    client = client_for(other_social_worker)
    url = placement.household.get_absolute_url()
    assert client.get(url).status_code == 404

    services.household_transition(placement=placement, to_programme=social, on=date(2024, 7, 1), actor=coordinator)

    assert client.get(url).status_code == 200
    assert client.get(reverse("pilots:household_edit", args=["ostrava", placement.household.pk])).status_code == 200


def test_the_move_creates_the_enrolment_in_the_receiving_programme_and_keeps_the_code(crisis, social, coordinator):
    placement = housed(crisis, date(2024, 1, 1))
    code = placement.household.code
    enrolment = services.household_transition(placement=placement, to_programme=social, on=date(2024, 7, 1), actor=coordinator)
    assert enrolment.programme == social and enrolment.is_accepted and enrolment.from_placement == placement
    household = Household.objects.get(pk=placement.household_id)
    assert household.code == code and household.programme == social
    assert list(household.referrals.order_by("referred_on").values_list("programme", flat=True)) == [crisis.pk, social.pk]
    services.placement_create(referral=enrolment, flat=FlatFactory(programme=social), move_in=date(2024, 7, 1),
                              contract="sublease", actor=coordinator)
    assert Exit.objects.get(placement=placement).evidence == "placement"


def test_there_is_one_way_to_record_a_move_up(crisis, social_worker):
    placement = housed(crisis, date(2024, 1, 1))
    assert Exit.Reason.MOVED_UP not in dict(ExitForm().fields["reason"].choices)
    with pytest.raises(ValidationError) as error:
        services.exit_record(placement=placement, actor=social_worker, exit_date=date(2024, 7, 1), completion="completed",
                             reason=Exit.Reason.MOVED_UP, place=Exit.Place.SOCIAL_FLAT)
    assert "reason" in error.value.message_dict
    assert not Exit.objects.exists() and not Referral.objects.filter(from_placement=placement).exists()


def test_the_household_page_shows_the_whole_timeline_across_programmes(client_for, coordinator, crisis, social):
    placement = housed(crisis, date(2024, 1, 1))
    enrolment = services.household_transition(placement=placement, to_programme=social, on=date(2024, 7, 1), actor=coordinator)
    services.placement_create(referral=enrolment, flat=FlatFactory(programme=social, address="Sokolská 9, Ostrava"),
                              move_in=date(2024, 7, 1), contract="sublease", actor=coordinator)
    page = client_for(coordinator).get(placement.household.get_absolute_url()).content.decode()
    assert page.index(crisis.name) < page.index("Sokolská 9") and social.name in page
