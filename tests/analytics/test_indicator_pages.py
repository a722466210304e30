"""The indicator pages: login, 404 for another municipality, refusals for read-only roles, partners
see only published indicators, equal query counts for 3 and 30 municipalities."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import Membership
from portal.roles import Role
from tests.analytics.factories import plan_with, value
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(ostrava):
    p = plan_with(ostrava, code="SB03", name="Prázdné obecní byty")
    value(p, 2024, 40)
    value(p, 2025, 20)
    return p


def test_the_list_requires_login(client, plan):
    response = client.get(reverse("analytics:indicator_list", args=["ostrava"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["gestor", "writer", "coordinator", "member", "consultant"])
def test_staff_members_and_the_consultant_see_the_indicators(request, plan, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    response = client.get(reverse("analytics:indicator_list", args=["ostrava"]))
    assert response.status_code == 200 and "Prázdné obecní byty" in response.content.decode()
    detail = client.get(plan.get_absolute_url())
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "<title id=" in html and "Status rule" in html


def test_a_partner_sees_only_published_indicators(plan, partner, client_for, ostrava):
    client = client_for(partner)
    assert "Prázdné obecní byty" not in client.get(reverse("analytics:indicator_list", args=["ostrava"])).content.decode()
    assert client.get(plan.get_absolute_url()).status_code == 404
    plan.is_published = True
    plan.save()
    assert client.get(plan.get_absolute_url()).status_code == 200


def test_another_municipality_answers_404(plan, outsider, kladno_gestor, client_for):
    for user in (outsider, kladno_gestor):
        client = client_for(user)
        assert client.get(reverse("analytics:indicator_list", args=["ostrava"])).status_code == 404
        assert client.get(plan.get_absolute_url()).status_code == 404
        assert client.get(reverse("analytics:entry_grid", args=["ostrava"])).status_code == 404


@pytest.mark.parametrize("persona", ["member", "consultant", "partner"])
def test_read_only_roles_cannot_enter_values(request, plan, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("analytics:entry_grid", args=["ostrava"])).status_code == 403


def test_junk_parameters_never_answer_500(plan, gestor, consultant, client_for):
    junk = "?page=-1&sort=zzz&status=<script>&source=abc&periodicity=x&year=abc&state=<b>&municipality=abc"
    for client, name, args in ((client_for(gestor), "analytics:indicator_list", ["ostrava"]),
                               (client_for(gestor), "analytics:entry_grid", ["ostrava"]),
                               (client_for(consultant), "consultant:indicator_matrix", []),
                               (client_for(consultant), "consultant:data_quality", []),
                               (client_for(consultant), "consultant:approvals", [])):
        response = client.get(reverse(name, args=args) + junk)
        assert response.status_code in (200, 400)
        assert "<script>" not in response.content.decode()


def test_the_matrix_labels_statuses_in_text(plan, consultant, client_for):
    plan.indicator.municipality = None
    plan.indicator.save()
    html = client_for(consultant).get(reverse("consultant:indicator_matrix")).content.decode()
    assert "✕ off track" in html


def _world(n: int, consultant):
    for _ in range(n):
        m = MunicipalityFactory()
        Membership.objects.create(user=consultant, municipality=m, role=Role.CONSULTANT)
        p = plan_with(m)
        value(p, 2024, 10)
        value(p, 2025, 20)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_matrix_and_the_list_run_the_same_queries_for_3_and_30_municipalities(consultant, plan, client_for):
    client = client_for(consultant)
    matrix, listing = reverse("consultant:indicator_matrix"), reverse("analytics:indicator_list", args=["ostrava"])
    _world(1, consultant)  # with Ostrava and Kladno: 3 municipalities
    small = (_count(client, matrix), _count(client, listing))
    _world(27, consultant)  # 30
    client = client_for(consultant)
    assert (_count(client, matrix), _count(client, listing)) == small
