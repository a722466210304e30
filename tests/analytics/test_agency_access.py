"""Acceptance 5: the consultant sees only assigned municipalities, a partner gets 404 for the
dashboard, the report and the cooperation pages, a gestor sees their own municipality only."""

import pytest
from django.urls import reverse

from tests.analytics.agency import cooperation


@pytest.fixture
def coops(world):
    cooperation(world.ostrava)
    cooperation(world.most)
    return world


def test_it_shows_the_consultant_only_the_assigned_municipalities(client_for, consultant, coops):
    client = client_for(consultant)
    body = client.get("/consultant/").content.decode()
    assert "Ostrava" in body and "Kladno" in body and "/m/most/" not in body
    assert client.get(reverse("analytics:cooperation", args=["most"])).status_code == 404
    assert client.post(reverse("analytics:report", args=["most"])).status_code == 404
    assert "Most" not in client.get("/consultant/targets/").content.decode()


def test_it_answers_404_to_a_partner_everywhere_in_analytics(client_for, partner, coops):
    client = client_for(partner)
    for url in ("/consultant/", "/consultant/targets/", "/consultant/subscription/", "/consultant/events/",
                reverse("analytics:municipality_dashboard", args=["ostrava"]),
                reverse("analytics:cooperation", args=["ostrava"]),
                reverse("analytics:cooperation_edit", args=["ostrava"])):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("analytics:report", args=["ostrava"])).status_code == 404
    assert client.post("/consultant/report/").status_code == 404


def test_it_shows_a_gestor_their_own_municipality_only(client_for, gestor, coops):
    client = client_for(gestor)
    body = client.get("/consultant/").content.decode()
    assert "/m/ostrava/analytics/" in body and "/m/kladno/analytics/" not in body
    assert client.get(reverse("analytics:cooperation", args=["ostrava"])).status_code == 200
    assert client.get(reverse("analytics:cooperation", args=["kladno"])).status_code == 404
    assert client.get(reverse("analytics:cooperation_edit", args=["ostrava"])).status_code == 403  # read only
    assert client.get("/consultant/events/").status_code == 404  # the events are the consultants'


def test_it_requires_login(client, db):
    for url in ("/consultant/", "/consultant/targets/", "/m/ostrava/analytics/cooperation/"):
        assert client.get(url).status_code == 302
