"""Browser tests in Debian's Chromium: sign in, navigate, and check WCAG 2.1 AA with axe-core."""

import pytest

from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e


def describe(violations):
    return "; ".join(f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations)


def test_it_signs_in_and_shows_the_municipality(page, live_server, gestor, ostrava, axe):
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "cs"
    violations = axe(page)
    assert not violations, describe(violations)

    sign_in(page, live_server, "gestor", PASSWORD)
    assert page.url.rstrip("/") == live_server.url
    page.click(f"text={ostrava.name}")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Ostrava"
    violations = axe(page)
    assert not violations, describe(violations)


def test_it_shows_a_clear_message_for_a_wrong_password(page, live_server, gestor):
    sign_in(page, live_server, "gestor", "spatne-heslo")
    assert "/accounts/login/" in page.url
    assert page.locator(".alert, .invalid-feedback, .errorlist").count() >= 1


def test_it_works_on_a_phone(browser, live_server, partner, ostrava):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, live_server, "nno", PASSWORD)
    page.goto(f"{live_server.url}/m/{ostrava.slug}/")
    assert page.locator("h1").inner_text() == "Ostrava"
    # no horizontal scrolling on a small screen
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    # the navigation collapses behind a toggle that works by touch
    toggle = page.locator(".navbar-toggler")
    assert toggle.is_visible()
    toggle.tap()
    page.wait_for_selector("#main-nav.show")
    context.close()
