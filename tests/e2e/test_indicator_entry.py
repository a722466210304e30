"""The writer enters a period's values in the grid by keyboard alone and submits the period; the
page passes axe. The consultant approves the submitted period. Debian's Chromium, axe-core."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from analytics.models import IndicatorValue, ValueState
from tests.analytics.factories import plan_with
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

YEAR = timezone.localdate().year


def describe(violations):
    return "; ".join(f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations)


def tab_to(page, element_id: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    pytest.fail(f"#{element_id} cannot be reached with Tab")


@pytest.fixture
def plans(ostrava):
    flats = plan_with(ostrava, code="SB02", name="Obecní byty přidělené v sociálním režimu",
                      baseline=(40, date(YEAR - 3, 12, 31)), target=(200, date(YEAR + 2, 12, 31)))
    vacant = plan_with(ostrava, code="SB03", name="Prázdné obecní byty", direction="down",
                       baseline=(1200, date(YEAR - 3, 12, 31)), target=(600, date(YEAR + 2, 12, 31)))
    return flats, vacant


def test_the_writer_enters_and_submits_a_period_by_keyboard(page, live_server, writer, consultant, plans, axe, browser):
    flats, vacant = plans
    period = f"{YEAR - 1}-01-01"
    sign_in(page, live_server, "metodik", PASSWORD)
    page.goto(f"{live_server.url}/m/ostrava/analytics/indicators/entry/")
    violations = axe(page)
    assert not violations, describe(violations)

    tab_to(page, f"v-{flats.pk}-{period}")
    page.keyboard.type("115")
    tab_to(page, f"v-{vacant.pk}-{period}")
    page.keyboard.type("1 150")
    # The period's submit button is after the cells: Tab to it and press Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate("[document.activeElement.name, document.activeElement.value]")
        if focused == ["submit_period", period]:
            break
    else:
        pytest.fail("the period's submit button cannot be reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "2 values of the period were submitted" in page.content() or "odeslány" in page.content()
    values = IndicatorValue.objects.filter(period_start=date(YEAR - 1, 1, 1)).order_by("plan__indicator__code")
    assert [(v.plan.indicator.code, v.value, v.state) for v in values] == [
        ("SB02", 115, ValueState.SUBMITTED), ("SB03", 1150, ValueState.SUBMITTED)]
    violations = axe(page)
    assert not violations, describe(violations)

    # The consultant approves the period from the queue, by keyboard as well.
    context = browser.new_context(bypass_csp=True, locale="cs-CZ")
    consultant_page = context.new_page()
    sign_in(consultant_page, live_server, "konzultant", PASSWORD)
    consultant_page.goto(f"{live_server.url}/consultant/approvals/")
    violations = axe(consultant_page)
    assert not violations, describe(violations)
    for value in values:
        tab_to(consultant_page, f"sel-{value.pk}")
        consultant_page.keyboard.press("Space")
    consultant_page.locator("#id_comment").fill("Souhlasí s evidencí.")
    with consultant_page.expect_navigation():
        consultant_page.locator("button:has-text('Schválit'), button:has-text('Approve')").first.click()
    assert [v.state for v in IndicatorValue.objects.filter(pk__in=[v.pk for v in values])] == [ValueState.APPROVED] * 2
    context.close()
