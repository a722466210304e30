"""Issue 13: two people move one section at once; the second sees the conflict page with both
places, and nothing moves behind their back."""

import pytest
from django.urls import reverse

from concepts.models import Section

pytestmark = pytest.mark.django_db


def test_the_second_of_two_sessions_moving_one_section_sees_the_conflict(client_for, gestor, writer, concept, programme):
    moved = Section.objects.get(concept=concept, title="Opatření 1.1.1")
    goal_22 = Section.objects.get(concept=concept, title="Cíl 2.2")
    goal_21 = Section.objects.get(concept=concept, title="Cíl 2.1")
    url = reverse("concepts:section_move", args=[concept.municipality.slug, concept.pk, moved.pk])
    first, second = client_for(writer), client_for(gestor)
    loaded = first.get(url).context["form"].initial["edit_version"]
    assert second.get(url).context["form"].initial["edit_version"] == loaded == moved.edit_version

    won = first.post(url, {"parent": goal_22.pk, "position": 1, "edit_version": loaded})
    assert won.status_code == 302
    lost = second.post(url, {"parent": goal_21.pk, "position": 1, "edit_version": loaded})

    assert lost.status_code == 409
    assert 'id="conflict"' in lost.content.decode()
    rows = {str(row["label"]): row for row in lost.context["conflict_rows"]}
    assert any(row["changed"] and "Cíl 2.2" in row["theirs"] for row in rows.values())
    assert Section.objects.get(pk=moved.pk).parent == goal_22
    # Sending it again, now over their version, is a deliberate choice.
    fresh = Section.objects.get(pk=moved.pk).edit_version
    assert second.post(url, {"parent": goal_21.pk, "position": 1, "edit_version": fresh}).status_code == 302
    assert Section.objects.get(pk=moved.pk).parent == goal_21
