"""In Debian Chromium on a phone-sized touch screen: selecting a passage offers "comment on the
selected text", which opens the form with the quote and the paragraph filled in. The reading page
and the form pass axe-core (WCAG 2.1 AA, serious and critical)."""
# ruff: noqa: F811 — the tests take the rounds' fixtures imported below by name

import pytest
from django.urls import reverse

from concepts.rounds.models import Comment
from tests.e2e.conftest import AXE, sign_in
from tests.factories import PASSWORD
from tests.rounds.conftest import (  # noqa: F401 — the rounds' fixtures this browser test builds on
    closed_round,
    invitation,
    open_round,
    sections,
    version,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def phone(browser):
    context = browser.new_context(bypass_csp=True, locale="cs-CZ", viewport={"width": 390, "height": 844},
                                  has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"] if v["impact"] in {"serious", "critical"}]


def test_it_comments_on_a_selected_passage_on_a_phone(live_server, phone, invitation, sections, partner):
    sign_in(phone, live_server, partner.username, PASSWORD)
    round = invitation.round
    phone.goto(live_server.url + reverse("rounds:round_read", args=["ostrava", round.pk]))
    assert _axe(phone) == []
    bar = phone.locator("[data-quote-bar]")
    assert bar.is_hidden()
    # select the second paragraph of the second section, as a long press would
    phone.evaluate(
        """() => {
            const p = document.querySelectorAll('.doc-section')[1].querySelectorAll('.markdown-body > p')[1];
            document.getSelection().selectAllChildren(p);
        }"""
    )
    bar.wait_for(state="visible")
    assert "důležitým" in phone.locator("[data-quote-preview]").inner_text()
    phone.locator("[data-quote-go]").tap()
    phone.wait_for_url("**/comment/?**")
    assert phone.input_value("#id_quote") == "Druhý odstavec s důležitým návrhem."
    assert phone.input_value("#id_paragraph") == "2"
    assert _axe(phone) == []
    phone.check("#id_kind_0")
    phone.fill("#id_text", "Navrhujeme upřesnit rozsah.")
    phone.locator("main button[type=submit]").tap()
    phone.wait_for_url("**/read/**")
    comment = Comment.objects.get()
    assert (comment.section, comment.quote, comment.paragraph) == (sections[1], "Druhý odstavec s důležitým návrhem.", 2)


def test_it_passes_axe_on_the_round_pages(live_server, phone, closed_round, sections, gestor, ngo):
    from tests.rounds.factories import CommentFactory, InvitationFactory, SettlementFactory

    invitation = InvitationFactory(round=closed_round, email="a@x.cz", organisation=ngo)
    comment = CommentFactory(round=closed_round, section=sections[0], invitation=invitation, organisation=ngo,
                             kind="essential", text="<i>Text</i> připomínky", quote="První odstavec")
    SettlementFactory(comment=comment, outcome="not_accepted", justification="Odůvodnění")
    sign_in(phone, live_server, gestor.username, PASSWORD)
    slug, pk = "ostrava", closed_round.pk
    for url in [reverse("rounds:round_list", args=[slug]), reverse("rounds:round_detail", args=[slug, pk]),
                reverse("rounds:settle", args=[slug, pk]), reverse("rounds:comment_settle", args=[slug, pk, comment.pk]),
                reverse("rounds:settlement_table", args=[slug, pk]), reverse("rounds:invitation_list", args=[slug, pk]),
                reverse("rounds:round_create", args=[slug])]:
        phone.goto(live_server.url + url)
        assert _axe(phone) == [], url
