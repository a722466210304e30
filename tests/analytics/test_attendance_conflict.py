"""Issue 13: two consultants record the same person's attendance at an event; the second is not
silently written over the first but sees the conflict page with both versions."""

from decimal import Decimal

from django.urls import reverse

from analytics.models import EventAttendance
from tests.analytics.agency import event


def test_the_second_of_two_sessions_recording_one_persons_attendance_sees_the_conflict(client_for, consultant, ostrava):
    e = event(hours="6")
    url = reverse("consultant:event_detail", args=[e.pk])
    first, second = client_for(consultant), client_for(consultant)
    for client in (first, second):
        assert 'name="edit_version" value="0"' in client.get(url).content.decode()  # nobody recorded yet
    hana = {"municipality": ostrava.pk, "name": "Hana", "is_inclusion_manager": "on", "edit_version": 0}

    assert first.post(url, {**hana, "hours": "3.5"}).status_code == 302
    lost = second.post(url, {**hana, "hours": "6"})

    assert lost.status_code == 409 and 'id="conflict"' in lost.content.decode()
    saved = EventAttendance.objects.get()
    assert saved.hours == Decimal("3.5")
    # Saving again over their version is a deliberate correction.
    assert second.post(url, {**hana, "hours": "6", "edit_version": saved.edit_version}).status_code == 302
    assert EventAttendance.objects.get().hours == Decimal("6")
