"""A value's own page hides a small count from the readers the indicator's page hides it from.

Found while the URL matrix was made to check analytics:value_detail (issue 13, acceptance 5): the
indicator's page shows a member, and a partner of a published indicator, "hidden (fewer than 5)"
for a count under 5 (DESIGN §4), yet the link from that very row opened the value's page with the
count itself, in the heading and in every line of its history. Those who enter, approve or reopen
values (the municipality's staff, the consultant) still see it there, as in the entry grid and the
approval queue: it is what they work on.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from analytics.indicators.services import value_approve, value_enter, value_submit
from tests.analytics.factories import plan_with

pytestmark = pytest.mark.django_db

HIDDEN = "hidden (fewer than 5)"
RAW = ("<strong>3 domácnost</strong>", "<td>3</td>")


@pytest.fixture
def small_value(ostrava, writer, consultant):
    plan = plan_with(ostrava, code="SB01", name="Domácnosti zabydlené v sociálním bydlení", unit="domácnost",
                     small_count=True)
    plan.is_published = True
    plan.save()
    value = value_enter(plan=plan, period=date(2025, 1, 1), amount=Decimal(3), actor=writer, note="Z evidence.")
    value_submit(value=value, actor=writer)
    value_approve(value=value, actor=consultant, comment="Souhlasí.")
    return value


@pytest.mark.parametrize("persona", ["member", "partner"])
def test_a_reader_sees_a_small_count_hidden_on_the_value_page_as_on_the_indicator_page(
        request, small_value, client_for, persona):
    from django.urls import reverse

    client = client_for(request.getfixturevalue(persona))
    indicator_page = client.get(small_value.plan.get_absolute_url()).content.decode()
    assert HIDDEN in indicator_page and RAW[0] not in indicator_page
    response = client.get(reverse("analytics:value_detail", args=["ostrava", small_value.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert HIDDEN in html
    assert not [raw for raw in RAW if raw in html], "the value's page shows the count the indicator's page hides"


@pytest.mark.parametrize("persona", ["writer", "consultant"])
def test_who_enters_or_approves_the_value_still_sees_it(request, small_value, client_for, persona):
    from django.urls import reverse

    html = client_for(request.getfixturevalue(persona)).get(
        reverse("analytics:value_detail", args=["ostrava", small_value.pk])).content.decode()
    assert all(raw in html for raw in RAW) and HIDDEN not in html
