"""Two people settle one comment at the same moment: one wins, the other sees both versions (409)."""

import pytest
from django.urls import reverse

from concepts.rounds.models import Settlement

from .factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_two_sessions_settle_one_comment_and_one_sees_the_conflict(client_for, gestor, writer, closed_round, sections):
    comment = CommentFactory(round=closed_round, section=sections[0], kind="essential")
    url = reverse("rounds:comment_settle", args=[closed_round.municipality.slug, closed_round.pk, comment.pk])
    first, second = client_for(gestor), client_for(writer)
    # Both load the form while the comment has no settlement.
    assert first.get(url).context["form"].initial["edit_version"] == 0
    assert second.get(url).context["form"].initial["edit_version"] == 0
    won = first.post(url, {"edit_version": 0, "outcome": "accepted", "justification": ""})
    assert won.status_code == 302
    lost = second.post(url, {"edit_version": 0, "outcome": "not_accepted", "justification": "Nelze."})
    assert lost.status_code == 409
    html = lost.content.decode()
    assert 'id="conflict"' in html and "Nelze." in html
    settlement = Settlement.objects.get(comment=comment)
    assert settlement.outcome == "accepted" and settlement.settled_by == gestor
    # Saving again, now deliberately over their version, succeeds.
    again = second.post(url, {"edit_version": settlement.edit_version, "outcome": "not_accepted",
                              "justification": "Nelze."})
    assert again.status_code == 302
    assert Settlement.objects.get(comment=comment).outcome == "not_accepted"


def test_a_stale_version_of_an_existing_settlement_conflicts(client_for, gestor, closed_round, sections):
    comment = CommentFactory(round=closed_round, section=sections[0])
    Settlement.objects.create(comment=comment, outcome="accepted", edit_version=3)
    url = reverse("rounds:comment_settle", args=[closed_round.municipality.slug, closed_round.pk, comment.pk])
    response = client_for(gestor).post(url, {"edit_version": 2, "outcome": "noted", "justification": "Bereme na vědomí."})
    assert response.status_code == 409
    assert Settlement.objects.get(comment=comment).outcome == "accepted"
