"""Acceptance 4 of issue 12: on a 390×844 phone, socialni.ostrava refers a household, accepts it,
houses it in a free flat, logs two contacts, records the move up to social housing, and opens
the household again to see its whole timeline. Debian's Chromium; every page axe-clean."""

import pytest
from django.utils import timezone

from pilots.models import Household, Placement, Referral, SupportContact
from portal.roles import Role
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, person
from tests.pilots.factories import FlatFactory, ProgrammeFactory, housed

pytestmark = pytest.mark.e2e


def describe(violations):
    return "; ".join(f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2, bypass_csp=True, locale="cs-CZ")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def programmes(ostrava, coordinator):
    worker = person("socialni.ostrava", ostrava, Role.SOCIAL_WORKER)
    crisis = ProgrammeFactory(municipality=ostrava, kind="crisis", name="Krizové bydlení", capacity_flats=3, target_households=3,
                              cohort_count=1, cohort_size=3, support_months=6, coordinator=coordinator,
                              start_date=timezone.localdate().replace(day=1))
    crisis.social_workers.add(worker)
    social = ProgrammeFactory(municipality=ostrava, kind="social", name="Sociální bydlení", coordinator=coordinator)
    occupied = FlatFactory(programme=crisis, address="Nádražní 1, Ostrava", district="Moravská Ostrava a Přívoz",
                           available_from=crisis.start_date)
    housed(crisis, crisis.start_date, flat=occupied)
    free = FlatFactory(programme=crisis, address="Sokolská třída 20, Ostrava", district="Moravská Ostrava a Přívoz",
                       available_from=crisis.start_date)
    return worker, crisis, social, free


def test_a_social_worker_follows_one_household_from_referral_to_the_move_up(phone, live_server, programmes, ostrava, axe):
    worker, crisis, social, free = programmes
    page = phone
    base = f"{live_server.url}/m/{ostrava.slug}/pilots"
    today = timezone.localdate().isoformat()

    def clean():
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        violations = axe(page)
        assert not violations, describe(violations)

    def submit(selector="main form[method=post] button[type=submit]"):
        with page.expect_navigation():
            page.locator(selector).last.tap()

    sign_in(page, live_server, "socialni.ostrava", PASSWORD)

    # Refer a household
    page.goto(f"{base}/households/new/")
    clean()
    page.select_option("select[name=r-programme]", str(crisis.pk))
    page.fill("input[name=r-referred_on]", today)
    page.select_option("select[name=r-intensity]", "high")
    page.fill("input[name=r-planned_hours]", "20")
    page.fill("input[name=h-size]", "3")
    page.fill("input[name=h-adults]", "1")
    page.fill("input[name=h-children]", "2")
    page.select_option("select[name=h-composition]", "single_parent")
    page.select_option("select[name=h-ethos]", "8")
    page.select_option("select[name=h-prior_living]", "residential_hotel")
    page.select_option("select[name=h-income_source]", "material_need")
    page.select_option("select[name=h-referral_source]", "labour_office")
    page.fill("input[name=i-name]", "Jana Dvořáčková")
    submit()
    household = Household.objects.exclude(placements__isnull=False).get()
    assert household.code in page.locator("h1").inner_text()
    clean()

    # Get it accepted
    with page.expect_navigation():
        page.locator("a", has_text="Rozhodnout").tap()
    clean()
    page.locator("input[name=decision][value=accepted]").check()
    submit()
    assert Referral.objects.get(household=household).is_accepted

    # House it in a free flat: the free one is offered first, the occupied one is marked
    with page.expect_navigation():
        page.locator("a", has_text="Zabydlet v bytě").first.tap()
    clean()
    options = page.locator("select[name=flat] option").all_inner_texts()
    assert "Sokolská" in options[1] and "obsazen" in options[2]
    page.select_option("select[name=flat]", str(free.pk))
    page.fill("input[name=move_in]", today)
    submit()
    assert Placement.objects.filter(household=household, flat=free).exists()
    clean()

    # Log two contacts from the household's page
    for minutes, note in ((60, "První návštěva v bytě."), (30, "Telefonát kvůli příspěvku na bydlení.")):
        with page.expect_navigation():
            page.locator(f"a[href$='contacts/new/?household={household.pk}']").tap()
        page.locator(f"label.tap-choice:has(input[name=minutes][value='{minutes}'])").tap()
        page.fill("textarea[name=note]", note)
        with page.expect_navigation():
            page.locator("form.quick-contact button[type=submit]").tap()
    assert SupportContact.objects.filter(household=household, worker=worker).count() == 2
    clean()

    # Record the move up to social housing: she stays on the household's page, not a 404
    with page.expect_navigation():
        page.locator("a", has_text="Postup výš").tap()
    clean()
    page.select_option("select[name=to_programme]", str(social.pk))
    page.fill("input[name=on]", today)
    submit()
    assert page.url.endswith(household.get_absolute_url())
    assert household.code in page.locator("h1").inner_text()

    # Open the household again: its whole timeline, both programmes, both contacts
    page.goto(f"{live_server.url}{household.get_absolute_url()}")
    timeline = page.locator(".pilots-timeline").inner_text()
    assert "Krizové bydlení" in timeline and "Sociální bydlení" in timeline and "Sokolská třída 20" in timeline
    assert page.locator("table tbody tr").filter(has_text="Telefonát kvůli příspěvku").count() == 1
    clean()
    assert Household.objects.get(pk=household.pk).programme == social
