"""Issue 13: two managers save one programme (or one flat); the second gets 409 with both versions."""

import pytest
from django.urls import reverse

from pilots.models import Flat, Programme
from tests.edit_conflict import second_save_conflicts

pytestmark = pytest.mark.django_db


def test_it_answers_409_to_the_second_of_two_sessions_saving_the_programme(client_for, gestor, crisis):
    url = reverse("pilots:programme_edit", args=["ostrava", crisis.pk])
    saved, conflict = second_save_conflicts(client_for(gestor), client_for(gestor), url, name="Krizové bydlení 2027")

    assert saved.status_code == 302
    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert 'id="conflict"' in page and 'name="edit_version" value="2"' in page
    row = next(r for r in conflict.context["conflict_rows"] if r["changed"])
    assert (row["theirs"], row["yours"]) == ("Krizové bydlení 2027", "Krizové bydlení 2027 (2)")
    programme = Programme.objects.get(pk=crisis.pk)
    assert (programme.name, programme.edit_version) == ("Krizové bydlení 2027", 2)


def test_it_answers_409_to_the_second_of_two_sessions_saving_a_flat(client_for, gestor, flat):
    url = reverse("pilots:flat_edit", args=["ostrava", flat.pk])
    saved, conflict = second_save_conflicts(client_for(gestor), client_for(gestor), url, address="Palackého 14, Ostrava")

    assert saved.status_code == 302
    assert conflict.status_code == 409 and 'id="conflict"' in conflict.content.decode()
    flat = Flat.objects.get(pk=flat.pk)
    assert (flat.address, flat.edit_version) == ("Palackého 14, Ostrava", 2)


def test_it_answers_409_to_the_second_of_two_sessions_saving_a_fidelity_item(client_for, gestor, crisis):
    from pilots.models import FidelityItem

    item = FidelityItem.objects.create(programme=crisis, position=1, text="Bydlení bez podmínek")
    url = reverse("pilots:fidelity_item_edit", args=["ostrava", item.pk])
    saved, conflict = second_save_conflicts(client_for(gestor), client_for(gestor), url, text="Bydlení bez podmínek připravenosti")

    assert saved.status_code == 302
    assert conflict.status_code == 409 and 'id="conflict"' in conflict.content.decode()
    item.refresh_from_db()
    assert (item.text, item.edit_version) == ("Bydlení bez podmínek připravenosti", 2)
