""""Ptali jsme se / Řekli jste / Udělali jsme": reachable anonymously from / for a published public
round; its counts match a fixture counted by hand."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from concepts.rounds.models import Comment, Round

from .factories import (
    CommentFactory,
    InvitationFactory,
    RoundFactory,
    SettlementFactory,
    VersionFactory,
    VersionSectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(version, gestor, partner, partner2, member, ngo, sections):
    """By hand: partners Charita (2 comments) and Armáda (1); one group member (1); the public:
    two people (1 each, approved), one hidden and one unconfirmed (neither counts).
    Respondents: 2 partners, 1 member, 2 public = 5. Comments that count: 6.
    Outcomes: accepted 3 (#1, #2, #5), partly 1 (#4), not accepted 1 (#3: essential → dispute), noted 1 (#6)."""
    round = RoundFactory(version=version, created_by=gestor, audience=Round.Audience.PUBLIC,
                         opens_at=timezone.now() - timezone.timedelta(days=30),
                         deadline=timezone.now() - timezone.timedelta(days=10), status=Round.Status.PUBLISHED)
    v2 = VersionFactory(concept=version.concept, number=2)
    new_measure = VersionSectionFactory(version=v2, uid=sections[2].uid, kind="measure", number="1.1.1",
                                        title="Krizové bydlení", order=0)
    charita = InvitationFactory(round=round, user=partner, organisation=ngo)
    armada = InvitationFactory(round=round, user=partner2, organisation=partner2.memberships.first().organisation)
    clen = InvitationFactory(round=round, user=member)
    rows = [
        (1, charita, partner, "recommendation", False, "accepted"),
        (2, charita, partner, "recommendation", False, "accepted"),
        (3, armada, partner2, "essential", False, "not_accepted"),
        (4, clen, member, "recommendation", False, "partly"),
        (5, None, None, "recommendation", True, "accepted"),
        (6, None, None, "essential", True, "noted"),
    ]
    for number, inv, user, kind, public, outcome in rows:
        c = CommentFactory(round=round, section=sections[2], number=number, invitation=inv, author=user, kind=kind,
                           organisation=inv.organisation if inv else None, is_public=public,
                           author_email=f"verejnost{number}@example.cz" if public else "",
                           confirmed_at=timezone.now() if public else None)
        SettlementFactory(comment=c, outcome=outcome, justification="Odůvodnění",
                          next_section_uid=new_measure.uid if outcome in ("accepted", "partly") else None)
    CommentFactory(round=round, section=sections[0], number=7, is_public=True, author_email="x@example.cz",
                   confirmed_at=timezone.now(), moderation=Comment.Moderation.HIDDEN)
    CommentFactory(round=round, section=sections[0], number=8, is_public=True, author_email="y@example.cz")
    return round


def test_the_counts_match_the_hand_count(published):
    page = Client().get(reverse("public:outcome", args=[published.municipality.slug, published.pk]))
    assert page.status_code == 200
    outcome = page.context["outcome"]
    assert [n for _label, n in outcome.respondents] == [2, 1, 2]
    assert outcome.respondents_total == 5 and outcome.comments_total == 6
    assert {value: n for value, _label, n in outcome.by_outcome} == {
        "accepted": 3, "partly": 1, "not_accepted": 1, "noted": 1}
    assert outcome.disputes == 1  # #6 is an essential public comment: summarised, not a dispute
    assert len(outcome.changes) == 1 and outcome.changes[0].comment_numbers == [1, 2, 4, 5]
    html = page.content.decode()
    assert "Krizové bydlení" in html and reverse("public:table", args=[published.municipality.slug, published.pk]) in html


def test_it_is_reachable_anonymously_from_the_home_page(published):
    client = Client()
    home = client.get("/")
    assert home.status_code == 200
    html = home.content.decode()
    assert reverse("login") in html
    outcome_url = reverse("public:outcome", args=[published.municipality.slug, published.pk])
    assert outcome_url in html
    assert client.get(outcome_url).status_code == 200


def test_partners_see_the_same_page_inside(client_for, partner, published):
    page = client_for(partner).get(reverse("rounds:outcome", args=[published.municipality.slug, published.pk]))
    assert page.status_code == 200 and page.context["outcome"].comments_total == 6


def test_an_unpublished_round_has_no_outcome_page_yet(open_round):
    open_round.audience = Round.Audience.PUBLIC
    open_round.save()
    response = Client().get(reverse("public:outcome", args=[open_round.municipality.slug, open_round.pk]))
    assert response.status_code == 302


def test_an_outsider_gets_404_inside(client_for, outsider, published):
    url = reverse("rounds:outcome", args=[published.municipality.slug, published.pk])
    assert client_for(outsider).get(url).status_code == 404


def test_the_public_round_page_has_a_table_of_contents_and_the_note(published, sections):
    html = Client().get(published.get_public_url()).content.decode()
    assert 'data-testid="toc"' in html and f'href="#s-{sections[1].uid}"' in html
    assert 'data-testid="public-note"' in html


def test_the_public_comment_form_explains_the_kinds_and_links_the_privacy_notice(published, open_round):
    open_round.audience = Round.Audience.PUBLIC
    open_round.save()
    html = Client().get(reverse("public:comment", args=[open_round.municipality.slug, open_round.pk])).content.decode()
    assert "rozpor" in html and reverse("public:privacy") in html
    privacy = Client().get(reverse("public:privacy"))
    assert privacy.status_code == 200


