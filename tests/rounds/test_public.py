"""Acceptance 4: public comments are invisible until confirmed and approved; rate limits; honeypot; HTML as text."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from concepts.rounds import public_services
from concepts.rounds.models import Comment, Round

from .factories import RoundFactory

XSS = '<script>alert("x")</script><b>tučně</b>'


@pytest.fixture
def public_round(version, gestor):
    return RoundFactory(version=version, created_by=gestor, audience=Round.Audience.PUBLIC)


def _post(client, round, section, **extra):
    data = {"name": "Jan Občan", "email": "jan@example.cz", "section": section.pk, "kind": "recommendation",
            "text": XSS, "proposed_wording": "", "quote": "", "paragraph": "", "website": ""}
    data.update(extra)
    return client.post(reverse("public:comment", args=[round.municipality.slug, round.pk]), data,
                       REMOTE_ADDR=extra.pop("ip", "10.0.0.1"))


def test_a_public_comment_appears_only_after_confirmation_and_approval(
    public_round, sections, mailoutbox, writer, django_capture_on_commit_callbacks
):
    client = Client()
    page = reverse("public:round", args=[public_round.municipality.slug, public_round.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, public_round, sections[0])
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.moderation == "pending" and comment.confirmed_at is None
    assert "tučně" not in client.get(page).content.decode()

    # approving before confirmation is refused
    with pytest.raises(ValidationError):
        public_services.comment_moderate(comment=comment, approve=True, actor=writer)
    [mail] = mailoutbox
    link = re.search(r"https?://\S+/public/confirm/\S+/", mail.body).group(0)
    confirm = client.get(link[link.index("/public/"):])
    assert confirm.status_code == 200
    comment.refresh_from_db()
    assert comment.confirmed_at is not None
    assert "tučně" not in client.get(page).content.decode()  # confirmed, not yet approved

    public_services.comment_moderate(comment=comment, approve=True, actor=writer)
    assert "tučně" not in client.get(page).content.decode()  # the page links to the comments, loaded on demand
    html = client.get(reverse(
        "public:section_comments", args=[public_round.municipality.slug, public_round.pk, sections[0].pk]
    )).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;tučně&lt;/b&gt;" in html
    assert '<script>alert("x")' not in html
    assert Comment.objects.get().number == 1


def test_hiding_needs_a_reason_and_keeps_it_hidden(public_round, sections, writer):
    comment = public_services.public_comment_submit(round=public_round, section=sections[0], name="A", email="a@x.cz",
                                                    kind="essential", text="Spam spam")
    comment.confirmed_at = timezone.now()
    with pytest.raises(ValidationError):
        public_services.comment_moderate(comment=comment, approve=False, actor=writer)
    public_services.comment_moderate(comment=comment, approve=False, reason="Reklama", actor=writer)
    assert not Comment.objects.filter(round=public_round).active().exists()


def test_the_honeypot_saves_nothing_but_looks_fine(public_round, sections, mailoutbox):
    response = _post(Client(), public_round, sections[0], website="http://spam.example")
    assert response.status_code == 302
    assert not Comment.objects.exists()
    assert mailoutbox == []


def test_it_limits_comments_per_address_and_per_ip(public_round, sections, settings):
    settings.ROUNDS_PUBLIC_RATE_LIMITS = {"email": (2, 3600), "ip": (3, 3600)}
    client = Client()
    for _ in range(2):
        assert _post(client, public_round, sections[0]).status_code == 302
    refused = _post(client, public_round, sections[0])
    assert refused.status_code == 200
    assert gettext("Too many comments from this address in a short time. Try again later.") in refused.content.decode()
    assert _post(client, public_round, sections[0], email="jina@example.cz").status_code == 302
    refused = _post(client, public_round, sections[0], email="treti@example.cz")
    assert gettext("Too many comments from your network in a short time. Try again later.") in refused.content.decode()
    assert _post(client, public_round, sections[0], email="treti@example.cz", ip="10.0.0.2").status_code == 302
    assert Comment.objects.count() == 4
    # the window moves: old rows no longer count
    Comment.objects.update(created_at=timezone.now() - timedelta(hours=2))
    assert _post(client, public_round, sections[0]).status_code == 302


def test_the_public_sees_only_public_rounds_that_have_opened(version, gestor, public_round, open_round, draft_round):
    client = Client()
    slug = version.concept.municipality.slug
    assert client.get(reverse("public:round", args=[slug, public_round.pk])).status_code == 200
    assert client.get(reverse("public:round", args=[slug, open_round.pk])).status_code == 404
    draft_round.audience = Round.Audience.PUBLIC
    draft_round.save()
    assert client.get(reverse("public:round", args=[slug, draft_round.pk])).status_code == 404
    future = RoundFactory(version=version, audience=Round.Audience.PUBLIC, opens_at=timezone.now() + timedelta(days=1),
                          deadline=timezone.now() + timedelta(days=3))
    assert client.get(reverse("public:round", args=[slug, future.pk])).status_code == 404
    assert client.get(reverse("public:round", args=["kladno", public_round.pk])).status_code == 404
    listing = client.get(reverse("public:round_list")).content.decode()
    assert public_round.title in listing and open_round.title not in listing


def test_a_closed_public_round_takes_no_comments(public_round, sections):
    Round.objects.filter(pk=public_round.pk).update(deadline=timezone.now() - timedelta(seconds=1),
                                                     opens_at=timezone.now() - timedelta(days=3))
    public_round.refresh_from_db()
    with pytest.raises(ValidationError):
        public_services.public_comment_submit(round=public_round, section=sections[0], name="A", email="a@x.cz",
                                              kind="essential", text="Pozdě")


def test_a_forged_confirmation_link_is_refused(public_round):
    response = Client().get(reverse("public:confirm", args=["nonsense"]))
    assert response.status_code == 410
