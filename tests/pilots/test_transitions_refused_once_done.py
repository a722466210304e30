"""Issue 13: the referral decision and the exit need no version check because each is a transition
the service refuses once it is done. Two sessions make it at the same moment: the first wins, the
second is refused and nothing of the first is overwritten."""

from datetime import date

import pytest
from django.urls import reverse

from pilots.models import Exit, Referral

from .factories import FlatFactory, ReferralFactory, housed

pytestmark = pytest.mark.django_db


def test_the_second_of_two_decisions_on_one_referral_is_refused(client_for, social_worker, coordinator, crisis_household, crisis):
    referral = ReferralFactory(household=crisis_household, programme=crisis, referred_on=date(2024, 2, 1))
    url = reverse("pilots:referral_decide", args=["ostrava", referral.pk])
    first, second = client_for(social_worker), client_for(coordinator)
    assert first.get(url).status_code == second.get(url).status_code == 200  # both open the open referral

    won = first.post(url, {"decision": "refused_provider", "decided_on": "2024-02-10", "reason": "Mimo cílovou skupinu."})
    assert won.status_code == 302
    lost = second.post(url, {"decision": "waiting", "decided_on": "2024-02-11", "reason": ""})

    page = lost.content.decode()
    assert lost.status_code == 200 and ("already been decided" in page or "už bylo rozhodnuto" in page)
    saved = Referral.objects.get(pk=referral.pk)
    assert saved.decision == "refused_provider" and saved.reason == "Mimo cílovou skupinu."


def test_the_second_of_two_exits_of_one_placement_is_refused(client_for, social_worker, coordinator, crisis):
    placement = housed(crisis, date(2024, 1, 10), flat=FlatFactory(programme=crisis))
    url = reverse("pilots:exit_record", args=["ostrava", placement.pk])
    exit_ = {"completion": "voluntary", "reason": "voluntary", "place": "unknown", "note": ""}

    won = client_for(social_worker).post(url, {**exit_, "exit_date": "2024-03-01", "note": "Odešla k sestře."})
    assert won.status_code == 302
    lost = client_for(coordinator).post(url, {**exit_, "exit_date": "2024-04-01"})

    page = lost.content.decode()
    assert lost.status_code == 200 and ("already left" in page or "už odešla" in page)
    saved = Exit.objects.get(placement=placement)
    assert saved.exit_date == date(2024, 3, 1) and saved.note == "Odešla k sestře."
