"""Every page of rounds: requires login, 404 for an outsider (another municipality), refused for a
role without the permission, and a partner sees only rounds they were invited to."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from concepts.rounds.models import Round

from .factories import CommentFactory, InvitationFactory, RoundFactory

SLUG = "ostrava"


def pages(round, comment, invitation):
    r, c, i = round.pk, comment.pk, invitation.pk
    s = comment.section_id
    return {
        # name: (url, method, who may)
        "round_list": (reverse("rounds:round_list", args=[SLUG]), "get", "all"),
        "round_create": (reverse("rounds:round_create", args=[SLUG]), "get", "manage"),
        "round_detail": (reverse("rounds:round_detail", args=[SLUG, r]), "get", "all"),
        "round_edit": (reverse("rounds:round_edit", args=[SLUG, r]), "get", "manage"),
        "round_read": (reverse("rounds:round_read", args=[SLUG, r]), "get", "all"),
        "comment_create": (reverse("rounds:comment_create", args=[SLUG, r, s]), "get", "invited"),
        "my_comments": (reverse("rounds:my_comments", args=[SLUG, r]), "get", "all"),
        "extension_request": (reverse("rounds:extension_request", args=[SLUG, r]), "get", "invited"),
        "invitation_list": (reverse("rounds:invitation_list", args=[SLUG, r]), "get", "manage"),
        "settle": (reverse("rounds:settle", args=[SLUG, r]), "get", "settle"),
        "comment_settle": (reverse("rounds:comment_settle", args=[SLUG, r, c]), "get", "settle"),
        "settlement_table": (reverse("rounds:settlement_table", args=[SLUG, r]), "get", "all"),
        "moderation": (reverse("rounds:moderation", args=[SLUG, r]), "get", "settle"),
        "round_publish": (reverse("rounds:round_publish", args=[SLUG, r]), "post", "manage"),
        "round_complete": (reverse("rounds:round_complete", args=[SLUG, r]), "post", "settle"),
        "extension_decide": (reverse("rounds:extension_decide", args=[SLUG, r, i]), "post", "manage"),
        "comment_moderate": (reverse("rounds:comment_moderate", args=[SLUG, r, c]), "post", "settle"),
    }


@pytest.fixture
def setup(open_round, partner, sections, ngo):
    invitation = InvitationFactory(round=open_round, user=partner, organisation=ngo)
    comment = CommentFactory(round=open_round, section=sections[0], author=partner, invitation=invitation, number=1)
    return open_round, comment, invitation


def _call(client, url, method):
    return client.post(url) if method == "post" else client.get(url)


def test_every_page_requires_login(setup):
    for name, (url, method, _who) in pages(*setup).items():
        response = _call(Client(), url, method)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


def test_an_outsider_gets_404_everywhere(setup, client_for, outsider, kladno_gestor):
    for user in (outsider, kladno_gestor):
        client = client_for(user)
        for name, (url, method, _who) in pages(*setup).items():
            assert _call(client, url, method).status_code == 404, name


def test_read_only_roles_are_refused_what_they_may_not_do(setup, client_for, social_worker, consultant):
    for user in (social_worker, consultant):
        client = client_for(user)
        for name, (url, method, who) in pages(*setup).items():
            status = _call(client, url, method).status_code
            if who == "all":
                assert status == 200, (user, name)
            else:
                assert status in (403, 404), (user, name, status)


def test_the_gestor_and_writer_reach_their_pages(setup, client_for, gestor, writer):
    for user, allowed in ((gestor, {"all", "manage", "settle"}), (writer, {"all", "settle"})):
        client = client_for(user)
        for name, (url, method, who) in pages(*setup).items():
            if method == "get":
                status = client.get(url).status_code
                assert (status == 200) == (who in allowed), (user, name, status)


def test_an_invited_partner_reads_and_comments(setup, client_for, partner):
    client = client_for(partner)
    for name, (url, method, who) in pages(*setup).items():
        if name == "settlement_table":  # not published yet: sent to their own comments
            assert client.get(url)["Location"].endswith("/mine/")
        elif method == "get" and who in ("all", "invited"):
            assert client.get(url).status_code == 200, name
        elif method == "get":
            assert client.get(url).status_code in (403, 404), name


def test_a_partner_who_was_not_invited_gets_404(setup, client_for, partner2, version, gestor):
    client = client_for(partner2)
    round = setup[0]
    assert client.get(reverse("rounds:round_detail", args=[SLUG, round.pk])).status_code == 404
    assert client.get(reverse("rounds:round_read", args=[SLUG, round.pk])).status_code == 404
    assert round.title not in client.get(reverse("rounds:round_list", args=[SLUG])).content.decode()


def test_a_partner_never_sees_a_draft_even_if_listed(version, gestor, partner, client_for):
    draft = RoundFactory(version=version, status=Round.Status.DRAFT)
    InvitationFactory(round=draft, user=partner)  # e.g. left over from before it went back to draft
    assert client_for(partner).get(reverse("rounds:round_detail", args=[SLUG, draft.pk])).status_code == 404


def test_a_partner_sees_only_own_comments_until_the_table_is_published(setup, client_for, partner, partner2, sections):
    round, own, _invitation = setup
    other_inv = InvitationFactory(round=round, user=partner2)
    CommentFactory(round=round, section=sections[0], author=partner2, invitation=other_inv, number=2,
                   text="Cizí připomínka")
    client = client_for(partner)
    comments = reverse("rounds:section_comments", args=[SLUG, round.pk, sections[0].pk])
    html = client.get(comments).content.decode()
    assert own.text in html and "Cizí připomínka" not in html
    table = client.get(reverse("rounds:settlement_table", args=[SLUG, round.pk]))
    assert table.status_code == 302
    Round.objects.filter(pk=round.pk).update(status=Round.Status.PUBLISHED, opens_at=timezone.now() - timedelta(days=9),
                                             deadline=timezone.now() - timedelta(days=2))
    html = client.get(comments).content.decode()
    assert "Cizí připomínka" in html
    assert "Cizí připomínka" in client.get(reverse("rounds:settlement_table", args=[SLUG, round.pk])).content.decode()


def test_the_round_list_keeps_its_query_count(version, gestor, client_for, django_assert_max_num_queries):
    client = client_for(gestor)
    url = reverse("rounds:round_list", args=[SLUG])
    RoundFactory(version=version)
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(12):
        round = RoundFactory(version=version)
        InvitationFactory(round=round, email=f"x{round.pk}@x.cz")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
