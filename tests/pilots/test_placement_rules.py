"""Acceptance 2: each rule is refused with a message, and nothing is saved."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from pilots import services
from pilots.models import Exit, FollowUp, Household, Placement, PlanReview, SupportPlan
from portal.models import AuditEntry

from .factories import FlatFactory, ReferralFactory, housed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages are checked by their English source text."""
    with translation.override("en"):
        yield


def snapshot_counts():
    return (Placement.objects.count(), SupportPlan.objects.count(), PlanReview.objects.count(), Exit.objects.count(),
            FollowUp.objects.count(), AuditEntry.objects.count())


def place(referral, flat, move_in, user):
    return services.placement_create(referral=referral, flat=flat, move_in=move_in, contract="accommodation", actor=user)


def test_it_houses_an_accepted_household_and_derives_the_planned_end(accepted, flat, social_worker):
    placement = place(accepted, flat, date(2024, 3, 15), social_worker)
    assert placement.planned_end == date(2024, 9, 15)  # 6 months of crisis support
    assert placement.monthly_rent == flat.rent
    placement.household.refresh_from_db()
    assert placement.household.stage == Household.Stage.PLACED
    assert PlanReview.objects.filter(plan__household=placement.household, due_on=date(2024, 6, 15)).exists()


def test_it_refuses_two_overlapping_placements_in_one_flat(crisis, flat, accepted, social_worker):
    housed(crisis, date(2024, 1, 1), flat=flat, exit_on=date(2024, 4, 1), reason=Exit.Reason.VOLUNTARY)
    before = snapshot_counts()
    with pytest.raises(ValidationError) as error:
        place(accepted, flat, date(2024, 3, 20), social_worker)
    assert "flat" in error.value.message_dict
    assert "occupied" in error.value.message_dict["flat"][0]
    assert snapshot_counts() == before
    assert place(accepted, flat, date(2024, 4, 1), social_worker)  # the day the other one moved out is free


def test_it_refuses_a_placement_beyond_the_programme_capacity(crisis, accepted, social_worker):
    crisis.capacity_flats = 2
    crisis.save()
    housed(crisis, date(2024, 1, 1))
    housed(crisis, date(2024, 2, 1))
    before = snapshot_counts()
    with pytest.raises(ValidationError) as error:
        place(accepted, FlatFactory(programme=crisis), date(2024, 3, 10), social_worker)
    assert "full" in error.value.message_dict["flat"][0]
    assert snapshot_counts() == before


def test_it_refuses_a_move_in_before_the_acceptance(accepted, flat, social_worker):
    before = snapshot_counts()
    with pytest.raises(ValidationError) as error:
        place(accepted, flat, date(2024, 2, 20), social_worker)
    assert "move_in" in error.value.message_dict
    assert snapshot_counts() == before


def test_it_refuses_a_household_that_was_not_accepted(crisis_household, crisis, flat, social_worker):
    referral = ReferralFactory(household=crisis_household, programme=crisis)
    with pytest.raises(ValidationError):
        place(referral, flat, date(2024, 3, 10), social_worker)
    assert not Placement.objects.exists()


def test_it_refuses_an_exit_before_the_move_in_and_saves_nothing(accepted, flat, social_worker):
    placement = place(accepted, flat, date(2024, 3, 15), social_worker)
    before = snapshot_counts()
    with pytest.raises(ValidationError) as error:
        services.exit_record(placement=placement, actor=social_worker, exit_date=date(2024, 3, 1), completion="voluntary",
                             reason="voluntary", destination="temporary")
    assert "exit_date" in error.value.message_dict
    assert snapshot_counts() == before
    placement.refresh_from_db()
    assert placement.ended_on is None


def test_it_refuses_a_lease_transfer_before_the_move_in(accepted, flat, social_worker):
    placement = place(accepted, flat, date(2024, 3, 15), social_worker)
    with pytest.raises(ValidationError) as error:
        services.placement_update(placement=placement, actor=social_worker, contract="sublease",
                                  lease_transferred_on=date(2024, 1, 1), monthly_rent=placement.monthly_rent)
    assert "lease_transferred_on" in error.value.message_dict
    placement.refresh_from_db()
    assert placement.lease_transferred_on is None and placement.contract == "accommodation"


def test_it_shows_the_message_next_to_the_field_in_the_form(client_for, social_worker, crisis, flat, accepted):
    housed(crisis, date(2024, 1, 1), flat=flat)
    url = reverse("pilots:placement_create", args=["ostrava", accepted.pk])
    response = client_for(social_worker).post(url, {"flat": flat.pk, "move_in": "2024-03-10", "contract": "accommodation"})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="id_flat"' in content and "is-invalid" in content
    assert Placement.objects.filter(household=accepted.household).count() == 0


def test_it_records_an_exit_with_follow_ups(accepted, flat, social_worker):
    placement = place(accepted, flat, date(2024, 3, 15), social_worker)
    services.exit_record(placement=placement, actor=social_worker, exit_date=date(2024, 9, 15), completion="completed",
                         reason="completed", place="own_tenancy", lease_signed_on=date(2024, 9, 15), landlord="city")
    assert list(FollowUp.objects.values_list("months", "due_on")) == [
        (6, date(2025, 3, 15)), (12, date(2025, 9, 15)), (24, date(2026, 9, 15))
    ]


def test_it_refuses_death_without_the_deceased_destination(accepted, flat, social_worker):
    placement = place(accepted, flat, date(2024, 3, 15), social_worker)
    with pytest.raises(ValidationError) as error:
        services.exit_record(placement=placement, actor=social_worker, exit_date=date(2024, 5, 1), completion="involuntary",
                             reason="death", place="unknown")
    assert "place" in error.value.message_dict
    assert not Exit.objects.exists()


def test_it_refuses_to_accept_into_a_full_cohort(crisis, crisis_household, coordinator):
    crisis.cohort_size = 1
    crisis.save()
    ReferralFactory(programme=crisis, household__programme=crisis, decision="accepted", decided_on=date(2024, 1, 1), cohort=1)
    referral = ReferralFactory(household=crisis_household, programme=crisis, referred_on=date(2024, 2, 1))
    with pytest.raises(ValidationError) as error:
        services.referral_decide(referral=referral, actor=coordinator, decision="accepted", decided_on=date(2024, 2, 5), cohort=1)
    assert "cohort" in error.value.message_dict
    referral.refresh_from_db()
    assert referral.decision == "pending"
    accepted = services.referral_decide(referral=referral, actor=coordinator, decision="accepted", decided_on=date(2024, 2, 5))
    assert accepted.cohort == 2


def test_it_puts_on_the_waiting_list_at_the_end_and_requires_a_reason_for_refusal(crisis, crisis_household, coordinator):
    referral = ReferralFactory(household=crisis_household, programme=crisis, referred_on=date(2024, 2, 1))
    with pytest.raises(ValidationError) as error:
        services.referral_decide(referral=referral, actor=coordinator, decision="refused_client", decided_on=date(2024, 2, 5))
    assert "reason" in error.value.message_dict
    waiting = services.referral_decide(referral=referral, actor=coordinator, decision="waiting", decided_on=date(2024, 2, 5))
    assert waiting.waiting_position == 1
    crisis_household.refresh_from_db()
    assert crisis_household.stage == Household.Stage.WAITING


@pytest.mark.usefixtures("postgres")
def test_it_has_a_database_constraint_against_overlaps_on_postgresql(crisis, flat):
    from django.db import IntegrityError, transaction

    first = housed(crisis, date(2024, 1, 1), flat=flat)
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(
            household=housed(crisis, date(2024, 1, 1)).household, referral=first.referral, programme=crisis, flat=flat,
            move_in=date(2024, 2, 1), planned_end=date(2024, 8, 1), contract="accommodation", monthly_rent=1,
        )
