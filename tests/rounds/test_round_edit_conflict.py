"""Issue 13: two managers save one comment round; the second gets 409 with both versions."""

import pytest
from django.urls import reverse

from concepts.rounds.models import Round
from tests.edit_conflict import second_save_conflicts

pytestmark = pytest.mark.django_db


def test_it_answers_409_to_the_second_of_two_sessions_saving_the_round(client_for, gestor, draft_round):
    url = reverse("rounds:round_edit", args=["ostrava", draft_round.pk])
    saved, conflict = second_save_conflicts(client_for(gestor), client_for(gestor), url, title="Připomínky k v1")

    assert saved.status_code == 302
    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert 'id="conflict"' in page and 'name="edit_version" value="2"' in page
    row = next(r for r in conflict.context["conflict_rows"] if r["changed"])
    assert (row["theirs"], row["yours"]) == ("Připomínky k v1", "Připomínky k v1 (2)")
    round = Round.objects.get(pk=draft_round.pk)
    assert (round.title, round.edit_version) == ("Připomínky k v1", 2)
