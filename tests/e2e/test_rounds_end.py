# ruff: noqa: F811 — the rounds' fixtures are imported by name and used as arguments
"""Issue 14, acceptance 5: the end of a round's procedure in Debian Chromium. Every visited page is
axe-clean (no serious or critical finding) and has no horizontal overflow at 390 px; a screenshot
of each at 1280 and 390 px is saved under tests/e2e/artifacts/ (ignored by git)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from concepts.models import Section, SectionKind
from concepts.rounds.models import Comment, Receipt, Round, Settlement
from tests.e2e.conftest import AXE, sign_in
from tests.factories import PASSWORD
from tests.rounds.conftest import open_round, sections, version  # noqa: F401 — the rounds' fixtures
from tests.rounds.factories import InvitationFactory, RoundFactory, VersionFactory, VersionSectionFactory

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _axe(page) -> list:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
            if v["impact"] in {"serious", "critical"}]


class Visit:
    """Checks every page a test visits: axe at both widths, no overflow at 390 px, two screenshots."""

    def __init__(self, page, test: str, phone: bool = False):
        self.page, self.test, self.phone, self.n = page, test, phone, 0
        ARTIFACTS.mkdir(exist_ok=True)

    def __call__(self, label: str) -> None:
        self.n += 1
        page = self.page
        page.wait_for_load_state()
        widths = (390, 1280) if self.phone else (1280, 390)
        for width in widths:
            page.set_viewport_size({"width": width, "height": 844 if width == 390 else 900})
            name = re.sub(r"[^a-z0-9]+", "-", f"{self.test}-{self.n:02d}-{label}-{width}".lower())
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            if width == 390:
                overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"{label}: {overflow}px of horizontal overflow at 390 px"
            assert _axe(page) == [], f"{label} at {width}px"
        page.set_viewport_size({"width": widths[0], "height": 844 if widths[0] == 390 else 900})


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(bypass_csp=True, locale="cs-CZ", viewport={"width": 390, "height": 844},
                                  has_touch=True, is_mobile=True)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    context.close()


@pytest.fixture
def desk_page(browser):
    context = browser.new_context(bypass_csp=True, locale="cs-CZ", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    context.close()


def test_the_methodologist_changes_a_cost_freezes_and_sees_the_field_change(live_server, desk_page, writer, gestor):
    from concepts.services import concept_create, section_create, section_update, version_freeze

    concept = concept_create(municipality=writer.memberships.first().municipality, actor=writer, title="Koncepce",
                             gestor=gestor, writer=writer, valid_from=2026, valid_to=2030)
    priority = section_create(concept=concept, actor=writer, kind=SectionKind.PRIORITY, title="Dostupné bydlení")
    goal = section_create(concept=concept, actor=writer, kind=SectionKind.GOAL, parent=priority, title="Více bytů")
    measure = section_create(concept=concept, actor=writer, kind=SectionKind.MEASURE, parent=goal, title="Kauční fond")
    section_update(section=measure, actor=writer, expected_version=measure.edit_version, title=measure.title,
                   body="Půjčky na kauci.", cost_czk=1_500_000, funding_sources=["municipal"])
    version_freeze(concept=concept, actor=writer, steering_approved_on=timezone.localdate(), approval_note="Porada")
    page, visit = desk_page, Visit(desk_page, "methodologist")
    sign_in(page, live_server, writer.username, PASSWORD)
    visit("signed-in")
    measure = Section.objects.get(pk=measure.pk)
    page.goto(live_server.url + reverse("concepts:section_edit", args=["ostrava", concept.pk, measure.pk]))
    visit("measure-edit")
    page.fill("#id_cost_czk", "2400000")
    page.check("input[name=funding_sources][value=opz_plus]")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "Opatření bylo uloženo." in page.content()
    visit("measure-saved")
    page.goto(live_server.url + reverse("concepts:version_freeze", args=["ostrava", concept.pk]))
    visit("freeze")
    page.fill("#id_steering_approved_on", timezone.localdate().isoformat())
    page.fill("#id_approval_note", "Jednání řídicího týmu")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/versions/2/**")
    visit("frozen")
    page.goto(live_server.url + reverse("concepts:version_compare", args=["ostrava", concept.pk]))
    visit("compare")
    row = page.locator("tr[data-field=cost_czk]")
    assert "1\u00a0500\u00a0000 Kč" in row.inner_text() and "2\u00a0400\u00a0000 Kč" in row.inner_text()
    assert "OP Z+" in page.locator("tr[data-field=funding_sources]").inner_text()


def test_the_gestor_opens_a_round_and_closes_it_early(live_server, desk_page, gestor, version, partner, ngo):
    round = RoundFactory(version=version, created_by=gestor, status=Round.Status.DRAFT,
                         opens_at=timezone.now() + timedelta(days=1), deadline=timezone.now() + timedelta(days=20))
    round.invited_users.set([partner])
    page, visit = desk_page, Visit(desk_page, "gestor")
    sign_in(page, live_server, gestor.username, PASSWORD)
    visit("signed-in")
    page.goto(live_server.url + round.get_absolute_url())
    visit("draft-round")
    page.locator("form[action$='/open/'] button").click()
    page.wait_for_load_state()
    visit("opened")
    page.locator("a[href$='/close/']").click()
    page.wait_for_load_state()
    visit("close-confirmation")
    assert partner.get_full_name() in page.locator("[data-testid=silent]").inner_text()
    page.check("#id_confirm")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    visit("closed")
    round.refresh_from_db()
    assert round.closed_early_at is not None and round.state == Round.Status.CLOSED


def _comment_with_quote(page, live_server, round, visit):
    page.goto(live_server.url + reverse("rounds:round_read", args=["ostrava", round.pk]))
    visit("read")
    page.evaluate(
        """() => {
            const p = document.querySelectorAll('.doc-section')[1].querySelectorAll('.markdown-body > p')[1];
            document.getSelection().selectAllChildren(p);
        }"""
    )
    page.locator("[data-quote-bar]").wait_for(state="visible")
    page.locator("[data-quote-go]").click()
    page.wait_for_url("**/comment/?**")
    visit("comment-form")
    assert page.input_value("#id_quote") == "Druhý odstavec s důležitým návrhem."


def _settle_and_publish(round, gestor, sections):
    v2 = VersionFactory(concept=round.version.concept, number=2)
    for s in sections:
        VersionSectionFactory(version=v2, uid=s.uid, kind=s.kind, number=s.number, title=s.title, order=s.order)
    Round.objects.filter(pk=round.pk).update(deadline=timezone.now() - timedelta(minutes=1),
                                             opens_at=timezone.now() - timedelta(days=3))
    for comment in Comment.objects.filter(round=round).active():
        Settlement.objects.create(comment=comment, outcome=Settlement.Outcome.ACCEPTED, settled_by=gestor,
                                  next_section_uid=comment.section.uid)
    Round.objects.filter(pk=round.pk).update(status=Round.Status.PUBLISHED, settled_at=timezone.now(),
                                             published_at=timezone.now())


def test_the_partner_on_a_phone_comments_edits_sends_and_reads_the_outcome(
        live_server, phone_page, gestor, partner, open_round, sections, ngo, mailoutbox):
    InvitationFactory(round=open_round, user=partner, organisation=ngo)
    page, visit = phone_page, Visit(phone_page, "partner-phone", phone=True)
    sign_in(page, live_server, partner.username, PASSWORD)
    visit("signed-in")
    _comment_with_quote(page, live_server, open_round, visit)
    page.check("#id_kind_0")
    page.fill("#id_text", "Navrhujeme upřesnit rozsah.")
    page.locator("main form button[type=submit]").tap()
    page.wait_for_url("**/read/**")
    visit("read-after-comment")
    page.goto(live_server.url + reverse("rounds:my_comments", args=["ostrava", open_round.pk]))
    visit("my-comments")
    page.locator("a[href$='/edit/']").first.tap()
    page.wait_for_load_state()
    visit("edit")
    page.fill("#id_text", "Navrhujeme upřesnit rozsah a termín.")
    page.locator("main form button[type=submit]").tap()
    page.wait_for_url("**/mine/**")
    visit("edited")
    page.check("#id_confirm")
    page.locator("[data-testid=send-comments]").tap()
    page.wait_for_url("**/receipts/1/**")
    visit("receipt")
    assert "Opatření" in page.locator("main table").inner_text() or "Vize" in page.locator("main table").inner_text()
    assert Receipt.objects.filter(invitation__user=partner).count() == 1
    _settle_and_publish(open_round, gestor, sections)
    page.goto(live_server.url + reverse("rounds:my_comments", args=["ostrava", open_round.pk]))
    visit("settled")
    assert "akceptováno" in page.content().lower() or "Vypořádání" in page.content()
    page.locator("a[href$='/outcome/']").first.tap()
    page.wait_for_load_state()
    visit("you-said-we-did")
    assert page.locator("[data-testid=changes] li").count() == 1


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has the focus (keyboard only)."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never got the focus")


def test_the_partner_does_it_with_the_keyboard_only(live_server, desk_page, gestor, partner, open_round, sections, ngo):
    InvitationFactory(round=open_round, user=partner, organisation=ngo)
    page, visit = desk_page, Visit(desk_page, "partner-keyboard")
    sign_in(page, live_server, partner.username, PASSWORD)
    visit("signed-in")
    page.goto(live_server.url + reverse("rounds:round_read", args=["ostrava", open_round.pk]))
    visit("read")
    _tab_to(page, f"a[href*='/sections/{sections[2].pk}/comment/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/comment/**")
    visit("comment-form")
    _tab_to(page, "input[name=kind]:checked")  # a radio group takes the focus on its checked option
    page.keyboard.press("ArrowLeft")  # and the arrow keys choose: "essential"
    assert page.is_checked("#id_kind_0")
    _tab_to(page, "#id_text")
    page.keyboard.type("Chybí kapacita krizového bydlení.")
    _tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/read/**")
    visit("read-after-comment")
    page.goto(live_server.url + reverse("rounds:my_comments", args=["ostrava", open_round.pk]))
    visit("my-comments")
    _tab_to(page, "#id_confirm")
    page.keyboard.press("Space")
    _tab_to(page, "[data-testid=send-comments]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/receipts/1/**")
    visit("receipt")
    _settle_and_publish(open_round, gestor, sections)
    page.goto(live_server.url + reverse("rounds:my_comments", args=["ostrava", open_round.pk]))
    visit("settled")
    _tab_to(page, "a[href$='/outcome/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/outcome/**")
    visit("you-said-we-did")


def test_the_public_goes_from_home_to_a_round_comments_confirms_and_sees_it(
        live_server, phone_page, gestor, version, sections, mailoutbox):
    from concepts.rounds.public_services import comment_moderate

    round = RoundFactory(version=version, created_by=gestor, audience=Round.Audience.PUBLIC,
                         title="Veřejné projednání koncepce")
    page, visit = phone_page, Visit(phone_page, "public", phone=True)
    page.goto(live_server.url + "/")
    visit("home")
    page.locator("[data-testid=open-rounds] a", has_text=round.title).tap()
    page.wait_for_load_state()
    visit("round")
    page.locator(f"a[href*='comment/?section={sections[1].pk}']").first.tap()
    page.wait_for_load_state()
    visit("comment-form")
    page.fill("#id_name", "Jana Veřejná")
    page.fill("#id_email", "jana@example.cz")
    page.check("#id_kind_1")
    page.fill("#id_text", "Vize by měla zmínit mladé lidi.")
    page.locator("main form button[type=submit]").tap()
    page.wait_for_url("**/thanks/**")
    visit("thanks")
    link = re.search(r"https?://\S+/public/confirm/\S+", mailoutbox[-1].body).group(0)
    page.goto(live_server.url + link[link.index("/public/"):])
    visit("confirmed")
    comment = Comment.objects.get(author_email="jana@example.cz")
    comment_moderate(comment=comment, approve=True, reason="", actor=gestor)
    page.goto(live_server.url + round.get_public_url())
    # The reading page loads a section's comments on demand: the visitor opens the section's comments.
    comments = page.locator(f"#comments-{sections[1].pk}")
    assert "Vize by měla zmínit mladé lidi." not in comments.inner_text()
    comments.locator("a").tap()
    comments.locator(".doc-comment", has_text="Vize by měla zmínit mladé lidi.").wait_for()
    visit("round-with-comment")
