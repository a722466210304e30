"""A social worker in the field: on a touch phone, open a household, record a support contact
through the quick-entry form and find it on the household's page. Debian's Chromium, axe-core."""

from datetime import date

import pytest

from pilots.models import Household, SupportContact
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD
from tests.pilots.factories import IdentityFactory, ProgrammeFactory, housed

pytestmark = pytest.mark.e2e


def describe(violations):
    return "; ".join(f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, device_scale_factor=2,
        bypass_csp=True, locale="cs-CZ",
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def household(ostrava, social_worker, coordinator):
    crisis = ProgrammeFactory(
        municipality=ostrava, kind="crisis", name="Krizové bydlení", capacity_flats=30, target_households=30,
        cohort_count=3, cohort_size=10, support_months=6, coordinator=coordinator,
    )
    crisis.social_workers.add(social_worker)
    placement = housed(crisis, date(2025, 1, 6))
    IdentityFactory(household=placement.household, name="Jana Dvořáčková")
    return placement.household


def test_it_lets_a_social_worker_record_a_contact_on_a_phone(phone, live_server, social_worker, household, ostrava, axe):
    page = phone
    sign_in(page, live_server, "socialni", PASSWORD)

    # Their household, from the list
    page.goto(f"{live_server.url}/m/{ostrava.slug}/pilots/households/")
    assert no_horizontal_scroll(page)
    with page.expect_navigation():
        page.locator(f"a:text-is('{household.code}')").tap()
    assert household.code in page.locator("h1").inner_text()
    assert no_horizontal_scroll(page)
    violations = axe(page)
    assert not violations, describe(violations)

    # The quick-entry form, opened from the household
    with page.expect_navigation():
        page.locator(f"a[href$='contacts/new/?household={household.pk}']").tap()
    assert page.locator("select[name=household]").input_value() == str(household.pk)
    assert no_horizontal_scroll(page)
    violations = axe(page)
    assert not violations, describe(violations)

    # Big tap targets: every choice is at least 44 px high (WCAG 2.5.5)
    heights = page.locator(".tap-choice").evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
    assert heights and min(heights) >= 44
    page.locator("label.tap-choice:has(input[name=minutes][value='45'])").tap()
    page.locator("label.tap-choice:has(input[name=mode][value=phone])").tap()
    page.locator("label.tap-choice:has(input[name=domains][value=debts])").tap()
    page.locator("label.tap-choice:has(input[name=domains][value=benefits])").tap()
    page.fill("textarea[name=note]", "Domluvena splátková dohoda s dodavatelem energií.")
    with page.expect_navigation():
        page.locator("form.quick-contact button[type=submit]").tap()

    # Back on the household's page, the contact is there
    assert household.code in page.locator("h1").inner_text()
    assert page.locator("[role=alert], .alert-success").first.is_visible()
    row = page.locator("table tbody tr").filter(has_text="Domluvena splátková dohoda")
    assert row.count() == 1
    assert "45" in row.inner_text()
    assert no_horizontal_scroll(page)
    violations = axe(page)
    assert not violations, describe(violations)

    contact = SupportContact.objects.get(household=household)
    assert (contact.minutes, contact.mode, sorted(contact.domains), contact.worker) == (
        45, "phone", ["benefits", "debts"], social_worker
    )
    assert Household.objects.get(pk=household.pk).stage == Household.Stage.PLACED
