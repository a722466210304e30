""""No comments" (bez připomínek) is offered only to an invitee who has no comment."""

import pytest
from django.urls import reverse

from concepts.rounds import comment_services

pytestmark = pytest.mark.django_db


def test_it_is_offered_without_comments_and_withdrawn_after_one(client_for, partner, open_round, invitation, sections):
    client = client_for(partner)
    url = reverse("rounds:my_comments", args=[open_round.municipality.slug, open_round.pk])
    no_comments = reverse("rounds:no_comments", args=[open_round.municipality.slug, open_round.pk])
    assert no_comments in client.get(url).content.decode()
    comment = comment_services.comment_create(invitation=invitation, actor=partner, section=sections[0],
                                              kind="recommendation", text="Doplnit data.")
    html = client.get(url).content.decode()
    assert no_comments not in html
    assert reverse("rounds:comments_submit", args=[open_round.municipality.slug, open_round.pk]) in html
    comment_services.comment_withdraw(comment=comment, actor=partner)
    assert no_comments in client.get(url).content.decode()
