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
    """The queries of a warm page (the header's unread count, for one, is cached per person)."""
    client.get(url)
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


def test_the_matrix_reads_the_same_statuses_as_the_indicator_pages(ostrava, kladno):
    """The matrix reads each plan's baseline, target and latest counted value in one query
    (indicators.matrix) rather than through plan_summaries: the statuses must be the same."""
    from datetime import date
    from decimal import Decimal

    from analytics.indicators.matrix import matrix_for
    from analytics.indicators.selectors import plan_summaries, plans_for
    from analytics.models import IndicatorTarget, MunicipalityIndicator, TargetKind, TargetOwner, ValueState

    on_track = plan_with(ostrava, code="C1", name="Na cestě")  # the catalogue's (no municipality)
    value(on_track, 2024, 40)
    value(on_track, 2025, 95)
    value(on_track, 2026, 1, state=ValueState.DRAFT)  # not counted
    behind = MunicipalityIndicator.objects.create(municipality=kladno, indicator=on_track.indicator)
    IndicatorTarget.objects.create(plan=behind, kind=TargetKind.BASELINE, value=Decimal(100), on=date(2024, 1, 1))
    IndicatorTarget.objects.create(plan=behind, kind=TargetKind.TARGET, value=Decimal(10), on=date(2026, 12, 31))
    value(behind, 2025, 90)
    value(behind, 2026, None)  # no value: not the latest
    IndicatorTarget.objects.create(plan=behind, kind=TargetKind.TARGET, owner=TargetOwner.AGENCY, value=Decimal(95),
                                   on=date(2026, 12, 31))  # the agency's: not the status's
    IndicatorTarget.objects.create(plan=behind, kind=TargetKind.MILESTONE, value=Decimal(50), on=date(2025, 6, 30))
    no_target = plan_with(ostrava, code="C2", target=None)
    value(no_target, 2025, 5)
    by_hand = plan_with(kladno, code="C3")
    value(by_hand, 2025, 1, state=ValueState.LOCKED)
    MunicipalityIndicator.objects.filter(pk=by_hand.pk).update(status_override="on_track", override_reason="Důvod")
    own = plan_with(kladno, code="OWN")
    own.indicator.municipality = kladno  # Kladno's own indicator: counted, not a column
    own.indicator.save()
    value(own, 2025, 1)  # far behind: off track
    expected = {s.plan.pk: s.status for s in plan_summaries(plans_for([ostrava.pk, kladno.pk]), today=date(2026, 6, 1))}
    matrix = matrix_for([kladno, ostrava])
    assert [c.code for c in matrix.indicators] == ["C1", "C2", "C3"]
    cells = {}
    for municipality, list_url, row, own_off in matrix.rows:
        assert list_url == reverse("analytics:indicator_list", args=[municipality.slug])
        assert own_off == (1 if municipality == kladno else 0)
        for cell in row:
            if cell is not None:
                pk = int(cell.url.rstrip("/").rsplit("/", 1)[1])
                assert cell.url == MunicipalityIndicator.objects.get(pk=pk).get_absolute_url()
                cells[pk] = cell.status
    assert [cell is None for cell in matrix.rows[0][2]] == [False, True, False]  # Kladno tracks no C2
    assert cells == {pk: status for pk, status in expected.items() if pk != own.pk}
    assert {cells[on_track.pk].status, cells[behind.pk].status, cells[no_target.pk].status} == {"on_track", "off_track", None}
    assert cells[by_hand.pk].overridden and cells[by_hand.pk].reason == "Důvod"


def test_the_matrix_escapes_names_and_says_what_is_not_tracked(ostrava, kladno, consultant, client_for):
    from analytics.models import MunicipalityIndicator

    kladno.name = "Kladno <script>alert(1)</script>"
    kladno.save()
    plan = plan_with(ostrava, code="C1", name="Byty <b>")
    value(plan, 2025, 99)
    MunicipalityIndicator.objects.filter(pk=plan.pk).update(status_override="off_track", override_reason="x")
    html = client_for(consultant).get(reverse("consultant:indicator_matrix")).content.decode()
    assert "<script>alert" not in html and "Kladno &lt;script&gt;alert(1)&lt;/script&gt;</a></th>" in html
    assert '<abbr title="Byty &lt;b&gt;">C1</abbr>' in html
    assert (f'<td><a href="{plan.get_absolute_url()}"><span class="badge text-bg-danger">✕ off track</span> '
            '<span class="small">(set by hand)</span>\n</a></td>') in html
    assert '<td><span class="text-body-secondary">not tracked</span></td>' in html  # Kladno
