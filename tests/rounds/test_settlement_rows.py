"""The settlement table's rows are built by a template tag (round_tags.settlement_rows, issue 15
"pages that grow with rows"): grouped by section as before, with everything a commenter or a
writer typed escaped and its line breaks kept."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from concepts.rounds.models import Comment, Round, Settlement

from .factories import CommentFactory, RoundFactory, SettlementFactory

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
