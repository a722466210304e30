"""Issue 13: two sessions record one follow-up after an exit; the second gets 409 with both versions."""

from datetime import date

import pytest
from django.urls import reverse

from pilots.models import Exit

from .factories import housed

pytestmark = pytest.mark.django_db


def test_it_answers_409_to_the_second_of_two_sessions_recording_a_follow_up(client_for, social_worker, crisis, social):
    placement = housed(crisis, date(2024, 1, 1))
    client_for(social_worker).post(reverse("pilots:transition", args=["ostrava", placement.pk]), {
        "to_programme": social.pk, "on": "2024-07-01", "intensity": "low", "planned_hours": "4",
    })
    follow_up = Exit.objects.get(placement=placement).follow_ups.get(months=6)
    url = reverse("pilots:followup_record", args=["ostrava", follow_up.pk])
    first, second = client_for(social_worker), client_for(social_worker)
    assert 'name="edit_version" value="1"' in first.get(url).content.decode()
    assert 'name="edit_version" value="1"' in second.get(url).content.decode()
    status = follow_up._meta.get_field("status").choices[0][0]

    saved = first.post(url, {"done_on": "2025-01-10", "status": status, "note": "Bydlí tam dál", "edit_version": 1})
    conflict = second.post(url, {"done_on": "2025-01-12", "status": status, "note": "Nezastižena", "edit_version": 1})

    assert saved.status_code == 302
    assert conflict.status_code == 409 and 'id="conflict"' in conflict.content.decode()
    follow_up.refresh_from_db()
    assert (follow_up.note, follow_up.edit_version) == ("Bydlí tam dál", 2)
