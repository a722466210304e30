"""Acceptance 6: the consultant opens the dashboard at 1280 px and at 390 px with no horizontal
overflow, sorts it by "needs attention", opens Sokolov's reasons and downloads the monitoring report.
Debian's Chromium, axe-core."""

import pytest

from portal.models import Membership
from portal.roles import Role
from tests.analytics.agency import attend, cooperation, criterion, event
from tests.analytics.conftest import held_meeting, steering
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, MunicipalityFactory

pytestmark = pytest.mark.e2e


def describe(violations):
    return "; ".join(f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations)


def overflow(page) -> dict:
    return page.evaluate("""() => ({
        page: document.documentElement.scrollWidth - window.innerWidth,
        table: (e => e.scrollWidth - e.clientWidth)(document.querySelector('.dashboard-table').parentElement),
    })""")


@pytest.fixture
def agency(transactional_db, consultant, ostrava, kladno):
    sokolov = MunicipalityFactory(slug="sokolov", name="Sokolov", code="560286", region="Karlovarský kraj")
    Membership.objects.create(user=consultant, municipality=sokolov, role=Role.CONSULTANT)
    held_meeting(steering(ostrava, last_met_days_ago=None), 3)
    held_meeting(steering(kladno, last_met_days_ago=None), 10)
    coop = cooperation(ostrava, manager="Hana Králová")
    criterion(coop, t0=1, t24=3)
    attend(event(hours="16", title="Fórum"), ostrava, "15", name="Hana Králová")
    return sokolov


def test_the_consultant_uses_the_dashboard_on_a_desktop_and_a_phone(browser, live_server, agency, axe):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True, locale="cs-CZ",
                                  accept_downloads=True)
    page = context.new_page()
    sign_in(page, live_server, "konzultant", PASSWORD)
    page.goto(f"{live_server.url}/consultant/")
    assert overflow(page) == {"page": 0, "table": 0}, "the table is cut off at 1280 px"
    violations = axe(page)
    assert not violations, describe(violations)

    # sort by "needs attention": the municipality with the most reasons first
    with page.expect_navigation():
        page.locator("th a.sort-link", has_text="Vyžaduje pozornost").click()
    assert "sort=attention" in page.url
    first = page.locator("tbody tr").first.get_attribute("data-municipality")
    assert first == "sokolov"

    # Sokolov's reasons, in words
    page.locator("#reasons-sokolov summary").click()
    reasons = page.locator("#reasons-sokolov li").all_inner_texts()
    assert any("Žádná aktivita" in r or "aktivit" in r for r in reasons), reasons
    assert any("pracovní skupin" in r for r in reasons), reasons

    # the monitoring report, made by the (in-process) worker, downloaded through the job page
    with page.expect_navigation():
        page.click("#report-all")
    link = page.locator("a[href$='/download/']")
    link.wait_for(timeout=120_000)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    context.close()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                bypass_csp=True, locale="cs-CZ")
    page = phone.new_page()
    sign_in(page, live_server, "konzultant", PASSWORD)
    page.goto(f"{live_server.url}/consultant/?sort=attention")
    assert overflow(page)["page"] <= 0, "the page scrolls sideways at 390 px"
    assert overflow(page)["table"] <= 0
    page.locator("#reasons-sokolov summary").tap()
    assert page.locator("#reasons-sokolov li").first.is_visible()
    violations = axe(page)
    assert not violations, describe(violations)
    phone.close()
