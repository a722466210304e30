"""The per-request floor of a signed-in page (issue 15): the memberships read once for the gate,
the permission checks and the navigation; the header's unread count kept per person in the cache,
never shown to anyone else and never stale after a change."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import Membership, Notification
from portal.roles import Role

pytestmark = pytest.mark.django_db


def _get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [q["sql"] for q in captured.captured_queries]


def _badge(html: str) -> str:
    link = html[html.index('data-testid="notifications-link"'):]
    return link[:link.index("</a>")]


def test_a_municipality_page_reads_the_memberships_once_for_the_gate_and_the_navigation(client_for, consultant):
    client = client_for(consultant)
    client.get("/m/ostrava/")
    response, queries = _get(client, "/m/ostrava/")
    assert response.status_code == 200
    assert len([q for q in queries if "portal_membership" in q]) == 1
    assert not [q for q in queries if q.startswith('SELECT "portal_municipality"') and "portal_membership" not in q]
    html = response.content.decode()
    assert ">Kladno</a>" in html and ">Ostrava</a>" in html  # both in the navigation


def test_the_gate_answers_404_where_the_user_holds_no_active_role(client_for, gestor, kladno):
    client = client_for(gestor)
    assert client.get("/m/kladno/").status_code == 404
    assert client.get("/m/nowhere/").status_code == 404
    Membership.objects.filter(user=gestor).update(is_active=False)
    assert client.get("/m/ostrava/").status_code == 404
    Membership.objects.create(user=gestor, municipality=kladno, role=Role.PARTNER)
    assert client.get("/m/kladno/").status_code == 200


def test_the_header_count_is_read_once_and_follows_every_change(client_for, partner, gestor):
    client = client_for(partner)
    Notification.objects.create(user=partner, subject="První", body="x")
    response, queries = _get(client, "/notifications/")
    assert ">1<" in _badge(response.content.decode()).replace(" ", "")
    response, queries = _get(client, "/m/ostrava/")
    assert not [q for q in queries if "portal_notification" in q]  # from the cache
    assert ">1<" in _badge(response.content.decode()).replace(" ", "")
    Notification.objects.create(user=partner, subject="Druhá", body="x")
    assert ">2<" in _badge(client.get("/m/ostrava/").content.decode()).replace(" ", "")
    client.post("/notifications/read-all/")
    assert "badge" not in _badge(client.get("/m/ostrava/").content.decode())
    # Another person's page shows their own count, never this one's.
    Notification.objects.create(user=partner, subject="Třetí", body="x")
    assert ">1<" in _badge(client.get("/m/ostrava/").content.decode()).replace(" ", "")
    assert "badge" not in _badge(client_for(gestor).get("/m/ostrava/").content.decode())
    Notification.objects.filter(user=partner).delete()
    assert "badge" not in _badge(client.get("/m/ostrava/").content.decode())


def test_a_cache_outage_costs_the_count_query_not_the_page(client_for, partner, monkeypatch):
    from portal import unread

    Notification.objects.create(user=partner, subject="První", body="x")

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    for name in ("get", "set", "delete"):
        monkeypatch.setattr(unread.cache, name, down)
    response = client_for(partner).get("/m/ostrava/")
    assert response.status_code == 200 and ">1<" in _badge(response.content.decode()).replace(" ", "")
