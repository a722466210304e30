"""In-portal notifications: the unread count in the header, the list, marking as read."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(partner, gestor):
    return [Notification.objects.create(user=partner, subject=f"Zpráva {i}", body="Text", url="/")
            for i in range(3)] + [Notification.objects.create(user=gestor, subject="Cizí", body="x")]


def test_the_header_counts_unread_and_the_list_shows_mine(client_for, partner, notes):
    client = client_for(partner)
    html = client.get(reverse("notifications:list")).content.decode()
    assert 'data-testid="notifications-link"' in html and ">3<" in html.replace(" ", "")
    page = client.get(reverse("notifications:list"))
    assert [n.subject for n in page.context["page"].object_list] == ["Zpráva 2", "Zpráva 1", "Zpráva 0"]
    assert "Cizí" not in page.content.decode()


def test_mark_one_and_all_as_read(client_for, partner, notes):
    client = client_for(partner)
    client.post(reverse("notifications:read", args=[notes[0].pk]))
    assert Notification.objects.get(pk=notes[0].pk).read_at is not None
    unread = client.get(reverse("notifications:list"), {"unread": "true"})
    assert len(unread.context["page"].object_list) == 2
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(user=partner, read_at__isnull=True).exists()
    assert Notification.objects.get(subject="Cizí").read_at is None


def test_someone_elses_notification_is_404_and_anonymous_must_sign_in(client_for, partner, notes):
    assert client_for(partner).post(reverse("notifications:read", args=[notes[3].pk])).status_code == 404
    assert Client().get(reverse("notifications:list")).status_code == 302
    assert client_for(partner).get(reverse("notifications:list"), {"page": "-1", "unread": "<x>"}).status_code == 200


def test_opening_goes_only_to_a_local_address(client_for, partner):
    note = Notification.objects.create(user=partner, subject="s", body="b", url="https://evil.example/")
    response = client_for(partner).post(reverse("notifications:read", args=[note.pk]), {"open": "1"})
    assert response.url == reverse("notifications:list")
