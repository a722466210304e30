"""Defect 4: capacity is places (households housed, or accepted and not yet housed), a waiting
list offers freed places in order, and the flat picker lists free flats first."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from pilots import services
from pilots.forms import PlacementForm
from pilots.models import Exit, Referral

from .factories import FlatFactory, HouseholdFactory, ProgrammeFactory, ReferralFactory, housed

pytestmark = pytest.mark.django_db
TODAY = date(2024, 8, 1)


@pytest.fixture
def small(ostrava):
    return ProgrammeFactory(municipality=ostrava, kind="crisis", capacity_flats=3, target_households=3, cohort_count=1, cohort_size=3,
                            support_months=6, start_date=date(2024, 1, 1))


def _pending(programme, on=date(2024, 7, 1)):
    return ReferralFactory(household=HouseholdFactory(programme=programme), programme=programme, referred_on=on)


def test_capacity_counts_places_not_accepted_referrals(small, coordinator):
    housed(small, date(2024, 1, 1))
    housed(small, date(2024, 1, 1), exit_on=date(2024, 3, 1), reason=Exit.Reason.ABANDONED, destination=Exit.Destination.UNKNOWN)
    housed(small, date(2024, 1, 1), exit_on=date(2024, 4, 1), reason=Exit.Reason.VOLUNTARY, destination=Exit.Destination.UNKNOWN)
    assert services.places_taken(small, on=TODAY) == 1
    referral = services.referral_decide(referral=_pending(small), actor=coordinator, decision="accepted", decided_on=TODAY)
    assert referral.is_accepted and referral.cohort == 1  # the cohort is not "full" with three accepted referrals
    assert services.places_taken(small, on=TODAY) == 2  # accepted, not yet housed: a place taken


def test_a_full_programme_sends_the_household_to_the_waiting_list(small, coordinator):
    for _ in range(3):
        housed(small, date(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.referral_decide(referral=_pending(small), actor=coordinator, decision="accepted", decided_on=TODAY)
    assert "decision" in error.value.message_dict


def test_the_waiting_list_offers_freed_places_in_order(small, coordinator):
    placements = [housed(small, date(2024, 1, 1)) for _ in range(3)]
    first, second = _pending(small), _pending(small)
    services.referral_decide(referral=second, actor=coordinator, decision="waiting", decided_on=TODAY, waiting_position=2)
    services.referral_decide(referral=first, actor=coordinator, decision="waiting", decided_on=TODAY, waiting_position=1)
    newcomer = _pending(small)
    services.exit_record(placement=placements[0], actor=coordinator, exit_date=date(2024, 7, 15), completion="voluntary",
                         reason="voluntary", place="family_temporary")
    # nobody jumps the list: not a new referral, not the second on it
    for referral in (newcomer, second):
        with pytest.raises(ValidationError):
            services.referral_decide(referral=referral, actor=coordinator, decision="accepted", decided_on=TODAY)
    accepted = services.waiting_list_offer(programme=small, actor=coordinator, on=TODAY)
    assert [r.pk for r in accepted] == [first.pk]
    assert Referral.objects.get(pk=second.pk).decision == Referral.Decision.WAITING
    assert services.waiting_list_offer(programme=small, actor=coordinator, on=TODAY) == []  # no place left: nothing


def test_the_flat_picker_lists_free_flats_first_and_marks_the_occupied_ones(crisis):
    occupied = FlatFactory(programme=crisis, address="A 1, Ostrava", district="A")
    free = FlatFactory(programme=crisis, address="Z 9, Ostrava", district="Z")
    housed(crisis, date(2024, 1, 1), flat=occupied)
    choices = list(PlacementForm(programme=crisis).fields["flat"].choices)[1:]
    assert [c[0].value for c in choices] == [free.pk, occupied.pk]
    assert "obsazen" in str(choices[1][1]) or "occupied" in str(choices[1][1])
