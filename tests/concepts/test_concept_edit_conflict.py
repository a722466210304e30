"""Issue 13: two people save one concept (or one finding); the second gets 409 with both versions."""

import pytest
from django.urls import reverse

from concepts.models import Concept, Finding
from tests.edit_conflict import form_data, second_save_conflicts

from .factories import FindingFactory

pytestmark = pytest.mark.django_db


def test_it_answers_409_to_the_second_of_two_sessions_saving_the_concept(client_for, gestor, writer, concept):
    url = reverse("concepts:concept_edit", args=["ostrava", concept.pk])
    saved, conflict = second_save_conflicts(client_for(writer), client_for(gestor), url, title="Koncepce A")

    assert saved.status_code == 302
    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert 'id="conflict"' in page and 'name="edit_version" value="2"' in page
    row = next(r for r in conflict.context["conflict_rows"] if r["changed"])
    assert (row["theirs"], row["yours"]) == ("Koncepce A", "Koncepce A (2)")
    concept = Concept.objects.get(pk=concept.pk)
    assert (concept.title, concept.edit_version) == ("Koncepce A", 2)
    # saving again on purpose (with their version) keeps the second person's text
    again = client_for(gestor).post(url, form_data(client_for(gestor).get(url), title="Koncepce A (2)"))
    assert again.status_code == 302
    assert Concept.objects.get(pk=concept.pk).title == "Koncepce A (2)"


def test_it_answers_409_to_the_second_of_two_sessions_saving_a_finding(client_for, gestor, writer, concept):
    finding = FindingFactory(concept=concept, statement="Chybí startovací byty")
    url = reverse("concepts:finding_edit", args=["ostrava", concept.pk, finding.pk])
    saved, conflict = second_save_conflicts(client_for(writer), client_for(gestor), url, statement="Chybí 40 bytů")

    assert saved.status_code == 302
    assert conflict.status_code == 409 and 'id="conflict"' in conflict.content.decode()
    finding = Finding.objects.get(pk=finding.pk)
    assert (finding.statement, finding.edit_version) == ("Chybí 40 bytů", 2)
