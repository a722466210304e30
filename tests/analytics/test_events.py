"""Good-practice events: attendance hours (part attendance), conference files through storage with
a permission-checked download."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from analytics.models import EventAttendance, EventFile
from tests.analytics.agency import conference, event


def test_it_records_part_attendance_and_refuses_more_hours_than_the_event(client_for, consultant, ostrava):
    e = event(hours="6")
    client = client_for(consultant)
    url = reverse("consultant:event_detail", args=[e.pk])
    too_long = client.post(url, {"municipality": ostrava.pk, "name": "Hana", "hours": "7", "is_inclusion_manager": "on", "edit_version": 0})
    assert too_long.status_code == 200 and "nobody attended longer" in too_long.content.decode()
    assert not EventAttendance.objects.exists()
    client.post(url, {"municipality": ostrava.pk, "name": "Hana", "hours": "3.5", "is_inclusion_manager": "on", "edit_version": 0})
    a = EventAttendance.objects.get()
    assert str(a.hours) == "3.5" and a.is_inclusion_manager


def test_it_stores_a_conference_file_and_downloads_it_only_with_permission(client_for, consultant, gestor, kladno_gestor, ostrava):
    from tests.analytics.agency import attend

    c = conference()
    attend(c, ostrava, "4")
    client_for(consultant).post(reverse("consultant:event_detail", args=[c.pk]), {
        "upload": "1", "file": SimpleUploadedFile("podklady.pdf", b"%PDF-1.4 demo", content_type="application/pdf")})
    f = EventFile.objects.get()
    url = reverse("consultant:event_file", args=[f.pk])
    assert client_for(consultant).get(url).status_code == 200
    assert b"".join(client_for(gestor).get(url).streaming_content) == b"%PDF-1.4 demo"  # Ostrava attended
    assert client_for(kladno_gestor).get(url).status_code == 404


def test_it_lists_events_through_a_filter_and_survives_junk(client_for, consultant, db):
    event(title="Workshop A")
    conference(title="Konference B")
    client = client_for(consultant)
    body = client.get("/consultant/events/", {"kind": "central_conference"}).content.decode()
    assert "Konference B" in body and "Workshop A" not in body
    assert client.get("/consultant/events/", {"page": "-1", "sort": "zzz", "kind": "<script>"}).status_code == 200


def test_it_answers_404_not_500_when_a_conference_file_is_missing_from_storage(client_for, consultant, ostrava):
    c = conference()
    client_for(consultant).post(reverse("consultant:event_detail", args=[c.pk]), {
        "upload": "1", "file": SimpleUploadedFile("podklady.pdf", b"%PDF-1.4 demo", content_type="application/pdf")})
    f = EventFile.objects.get()
    f.file.storage.delete(f.file.name)
    assert client_for(consultant).get(reverse("consultant:event_file", args=[f.pk])).status_code == 404
