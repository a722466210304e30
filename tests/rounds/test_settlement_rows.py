"""The settlement table's rows are built by a template tag (round_tags.settlement_rows, issue 15
"pages that grow with rows"): grouped by section as before, with everything a commenter or a
writer typed escaped and its line breaks kept."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from concepts.rounds.models import Comment, Round, Settlement

from .factories import CommentFactory, RoundFactory, SettlementFactory, VersionFactory, VersionSectionFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _published(round: Round) -> Round:
    Round.objects.filter(pk=round.pk).update(status=Round.Status.PUBLISHED, closed_at=timezone.now(),
                                             settled_at=timezone.now(), published_at=timezone.now())
    round.refresh_from_db()
    return round


def test_it_escapes_what_users_typed_and_keeps_their_line_breaks(client_for, version, sections, gestor):
    round = _published(RoundFactory(version=version, created_by=gestor))
    comment = CommentFactory(round=round, section=sections[0], author_name=f"Jan {SCRIPT}",
                             text=f"První řádek {SCRIPT}\nDruhý řádek", proposed_wording=f"Znění {SCRIPT}",
                             kind=Comment.Kind.ESSENTIAL)
    SettlementFactory(comment=comment, outcome=Settlement.Outcome.NOT_ACCEPTED, justification=f"Proto {SCRIPT}")
    html = client_for(gestor).get(reverse("rounds:settlement_table", args=[round.municipality.slug, round.pk])
                                  ).content.decode()
    assert SCRIPT not in html
    assert f'<td data-label="Připomínkové místo a organizace">Jan {ESCAPED}</td>' in html
    assert f'class="comment-text">První řádek {ESCAPED}<br>Druhý řádek</td>' in html
    assert f'class="comment-text">Znění {ESCAPED}</td>' in html
    assert f'class="comment-text">Proto {ESCAPED}' in html
    assert '<strong>neakceptováno</strong><br><span class="dispute-badge">rozpor</span>' in html  # an essential one


def test_it_groups_the_rows_by_section_in_reading_order(client_for, version, sections, gestor):
    round = _published(RoundFactory(version=version, created_by=gestor))
    for number, section in [(1, sections[2]), (2, sections[0]), (3, sections[2])]:
        CommentFactory(round=round, section=section, number=number)
    html = client_for(gestor).get(reverse("rounds:settlement_table", args=[round.municipality.slug, round.pk])
                                  ).content.decode()
    first, third = html.index('<h2 class="h5 mt-4">1 Analýza bytového fondu</h2>'), html.index(
        '<h2 class="h5 mt-4">3 Opatření 1.1 Krizové bydlení</h2>')
    assert first < third and html.count('<h2 class="h5 mt-4">') == 2
    assert html.index('<th scope="row">1</th>') > third and html.index('<th scope="row">3</th>') > third
    assert "dosud nevypořádáno" in html


def test_the_public_table_calls_a_member_of_the_public_the_public(client, version, sections, gestor, partner, ngo):
    round = _published(RoundFactory(version=version, created_by=gestor, audience=Round.Audience.PUBLIC))
    CommentFactory(round=round, section=sections[1], is_public=True, author_name=f"Soukromá Osoba {SCRIPT}",
                   author_email="osoba@example.cz", text="Veřejná připomínka", confirmed_at=timezone.now(),
                   moderation=Comment.Moderation.APPROVED)
    html = client.get(reverse("public:table", args=[round.municipality.slug, round.pk])).content.decode()
    assert "Veřejná připomínka" in html and "Soukromá Osoba" not in html and SCRIPT not in html
    assert '<td data-label="Připomínkové místo a organizace">veřejnost</td>' in html


def test_a_round_without_comments_says_so(client_for, version, gestor):
    round = _published(RoundFactory(version=version, created_by=gestor))
    html = client_for(gestor).get(reverse("rounds:settlement_table", args=[round.municipality.slug, round.pk])
                                  ).content.decode()
    assert "<p>Žádné připomínky.</p>" in html


def _table(client, round: Round, query: str = "") -> str:
    return client.get(reverse("rounds:settlement_table", args=[round.municipality.slug, round.pk]) + query
                      ).content.decode()


def test_a_row_shows_the_quote_the_paragraph_the_next_version_and_the_dispute_meeting(client_for, version, sections,
                                                                                      gestor, partner2):
    """The rows are read as columns, not as model instances: everything a row said before still shows."""
    round = _published(RoundFactory(version=version, created_by=gestor))
    following = VersionFactory(concept=version.concept, number=2)
    moved = VersionSectionFactory(version=following, number="7", title="Nové krizové bydlení")
    quoted = CommentFactory(round=round, section=sections[2], number=1, quote="Druhý odstavec", paragraph=2,
                            text="Doplnit kapacitu.", organisation=partner2.memberships.first().organisation,
                            author_name="Petra Nová")
    SettlementFactory(comment=quoted, outcome=Settlement.Outcome.ACCEPTED, justification="Doplněno.",
                      next_section_uid=moved.uid)
    disputed = CommentFactory(round=round, section=sections[2], number=2, kind=Comment.Kind.ESSENTIAL)
    SettlementFactory(comment=disputed, outcome=Settlement.Outcome.NOT_ACCEPTED, justification="Nelze.",
                      dispute_result=Settlement.DisputeResult.PERSISTS, dispute_meeting_on=date(2026, 3, 2),
                      dispute_note="Rozpor trvá.")
    html = _table(client_for(gestor), round)
    assert '<h2 class="h5 mt-4">3 Opatření 1.1 Krizové bydlení, odstavec 2</h2>' in html
    assert '>Petra Nová, Armáda spásy v ČR, z. s.</td>' in html
    assert 'class="comment-text">„Druhý odstavec“<br><br>Doplnit kapacitu.</td>' in html
    assert '<strong>akceptováno</strong></td>' in html
    assert "Doplněno.<br>Viz oddíl 7 Nové krizové bydlení další verze." in html
    assert "Nelze.<br>ROZPOR: rozpor trvá (2. 3. 2026). Rozpor trvá." in html
    assert '<strong>neakceptováno</strong><br><span class="dispute-badge">rozpor</span>' in html


def test_a_dispute_without_its_meeting_says_so_in_czech(client_for, version, sections, gestor):
    """The text was built inside an f-string, which makemessages does not read: it showed in English."""
    round = _published(RoundFactory(version=version, created_by=gestor))
    comment = CommentFactory(round=round, section=sections[0], kind=Comment.Kind.ESSENTIAL)
    SettlementFactory(comment=comment, outcome=Settlement.Outcome.NOT_ACCEPTED, justification="Nelze.")
    html = _table(client_for(gestor), round)
    assert "Nelze.<br>ROZPOR: jednání o rozporu dosud nebylo zaznamenáno" in html
    assert "has not been recorded" not in html


def test_a_section_title_is_escaped_once_in_the_heading_and_in_the_caption(client_for, version, gestor):
    """The caption escaped an already escaped title (``&amp;lt;`` on the page) until the rows were
    built by plain joins."""
    round = _published(RoundFactory(version=version, created_by=gestor))
    section = VersionSectionFactory(version=version, order=9, number="9", title="Byty <b>& domy</b>")
    CommentFactory(round=round, section=section, text="Text")
    html = _table(client_for(gestor), round)
    title = "9 Byty &lt;b&gt;&amp; domy&lt;/b&gt;"
    assert f'<h2 class="h5 mt-4">{title}</h2>' in html and f'<td data-label="Oddíl">{title}</td>' in html
    assert f'<caption class="visually-hidden">Vypořádání připomínek k oddílu {title}</caption>' in html
    assert "&amp;lt;" not in html and "<b>&" not in html


def test_the_table_still_filters_and_sorts(client_for, version, sections, gestor):
    round = _published(RoundFactory(version=version, created_by=gestor))
    first = CommentFactory(round=round, section=sections[0], number=1, text="První", kind=Comment.Kind.ESSENTIAL)
    CommentFactory(round=round, section=sections[2], number=2, text="Druhá")
    CommentFactory(round=round, section=sections[2], number=3, text="Třetí")
    SettlementFactory(comment=first, outcome=Settlement.Outcome.ACCEPTED, justification="Ano.")
    client = client_for(gestor)

    def texts(query: str) -> list[str]:
        html = _table(client, round, query)
        return [t for t in ("První", "Druhá", "Třetí") if f'class="comment-text">{t}</td>' in html]

    assert texts("") == ["První", "Druhá", "Třetí"]
    assert texts("?kind=essential") == ["První"]
    assert texts("?settled=no") == ["Druhá", "Třetí"]
    assert texts(f"?section={sections[2].pk}") == ["Druhá", "Třetí"]
    html = _table(client, round, "?sort=-number")
    assert html.index("Třetí") < html.index("Druhá") < html.index("První")
    # The section filter offers the sections with comments, the chosen one selected.
    html = _table(client, round, f"?section={sections[2].pk}")
    assert f'<option value="{sections[2].pk}" selected>3 Opatření 1.1 Krizové bydlení (kapitola analýzy)</option>' in html
    assert f'<option value="{sections[0].pk}">1 Analýza bytového fondu (kapitola analýzy)</option>' in html
    assert f'value="{sections[1].pk}"' not in html  # no comments there
    assert '<option value="essential">zásadní</option>' in html and '<option value="-number" selected>' in _table(
        client, round, "?sort=-number")


def test_a_member_of_the_public_finds_their_own_rows(client, version, sections, gestor):
    """The public "how your comments were settled" page picks a commenter's rows by e-mail."""
    from concepts.rounds.exports import table_rows

    round = _published(RoundFactory(version=version, created_by=gestor, audience=Round.Audience.PUBLIC))
    for email, text in (("osoba@example.cz", "Moje"), ("jina@example.cz", "Cizí")):
        CommentFactory(round=round, section=sections[1], is_public=True, author_name="Osoba", author_email=email,
                       text=text, confirmed_at=timezone.now(), moderation=Comment.Moderation.APPROVED)
    rows = table_rows(round)
    assert [(r["text"], r["is_public"], r["author_email"]) for r in rows] == [
        ("Moje", True, "osoba@example.cz"), ("Cizí", True, "jina@example.cz")]
    assert rows[0]["commenter"] == "Osoba (veřejnost)"
