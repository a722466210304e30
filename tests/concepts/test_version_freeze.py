"""Acceptance 3: a frozen version cannot be changed, through the view or through the service."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from concepts.models import Section, Version, VersionSection
from concepts.services import section_delete, section_update, version_freeze


def _freeze(concept, user, **kwargs):
    return version_freeze(concept=concept, actor=user, steering_approved_on=date(2026, 1, 10),
                          approval_note="Řídicí tým 10. 1. 2026", **kwargs)


def test_it_freezes_numbered_snapshots_of_the_whole_document(concept, programme, writer):
    v1 = _freeze(concept, writer)
    v2 = _freeze(concept, writer, change_summary="Beze změn")
    assert (v1.number, v2.number) == (1, 2)
    assert VersionSection.objects.filter(version=v1).count() == Section.objects.filter(concept=concept).count()
    first = VersionSection.objects.filter(version=v1).order_by("order").first()
    assert (first.number, first.depth, first.kind) == ("1", 0, "chapter")
    measure = VersionSection.objects.get(version=v1, title="Opatření 1.1.1")
    assert measure.number == "1.1.1" and measure.depth == 2 and "indicators" in measure.data


def test_it_needs_the_steering_approval(concept, writer):
    with pytest.raises(ValidationError) as exc:
        version_freeze(concept=concept, actor=writer, steering_approved_on=None)
    assert {"steering_approved_on", "approval_note"} <= set(exc.value.error_dict)
    assert not Version.objects.filter(concept=concept).exists()


def test_the_services_cannot_change_a_frozen_version(concept, programme, writer):
    v1 = _freeze(concept, writer)
    before = list(VersionSection.objects.filter(version=v1).order_by("order").values_list("number", "title", "body"))
    measure = Section.objects.get(concept=concept, title="Opatření 1.1.1")
    section_update(section=measure, actor=writer, expected_version=measure.edit_version, title="Přejmenováno",
                   body="Nový text")
    section_delete(section=Section.objects.get(concept=concept, title="Cíl 2.1"), actor=writer)
    after = list(VersionSection.objects.filter(version=v1).order_by("order").values_list("number", "title", "body"))
    assert after == before


def test_the_database_refuses_to_update_a_frozen_version(concept, programme, writer):
    v1 = _freeze(concept, writer)
    snapshot = VersionSection.objects.filter(version=v1).first()
    snapshot.body = "Podvržený text"
    with pytest.raises(DatabaseError), transaction.atomic():
        snapshot.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        VersionSection.objects.filter(version=v1).update(title="Změna")
    with pytest.raises(DatabaseError), transaction.atomic():
        Version.objects.filter(pk=v1.pk).update(title="Jiný název")
    assert not VersionSection.objects.filter(version=v1, title="Změna").exists()


def test_a_user_who_froze_a_version_can_still_be_deleted(concept, programme, writer):
    v1 = _freeze(concept, writer)
    writer.delete()
    v1.refresh_from_db()
    assert v1.frozen_by is None


def test_the_views_cannot_change_a_frozen_version(client_for, concept, programme, writer):
    v1 = _freeze(concept, writer)
    client = client_for(writer)
    url = f"/m/ostrava/concept/{concept.pk}/versions/{v1.number}/"
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(url, {"title": "x"}).status_code == 405
    # Editing the draft through the editor leaves the frozen version as it was.
    measure = Section.objects.get(concept=concept, title="Opatření 1.1.1")
    client.post(f"/m/ostrava/concept/{concept.pk}/sections/{measure.pk}/edit/",
                {"edit_version": measure.edit_version, "title": "Přejmenováno", "body": "Nový"})
    assert Section.objects.get(pk=measure.pk).title == "Přejmenováno"
    page = client.get(url).content.decode()
    assert "Opatření 1.1.1" in page and "Přejmenováno" not in page


def test_the_freeze_page_records_the_approval(client_for, concept, programme, writer, member):
    url = f"/m/ostrava/concept/{concept.pk}/versions/freeze/"
    assert client_for(member).get(url).status_code == 404
    response = client_for(writer).post(url, {"steering_approved_on": "2026-01-10", "approval_note": "",
                                             "label": "Návrh"})
    assert response.status_code == 200 and "approval_note" in response.content.decode()
    response = client_for(writer).post(url, {"steering_approved_on": "2026-01-10",
                                             "approval_note": "Usnesení ŘT 3/2026", "label": "Návrh"})
    version = Version.objects.get(concept=concept)
    assert response.status_code == 302 and response["Location"] == version.get_absolute_url()
    assert version.steering_approval_note == "Usnesení ŘT 3/2026"


def test_reading_a_version_requires_login_and_hides_it_from_outsiders_and_partners(
    client, client_for, concept, programme, writer, outsider, partner, consultant
):
    v1 = _freeze(concept, writer)
    url = f"/m/ostrava/concept/{concept.pk}/versions/{v1.number}/"
    assert client.get(url).status_code == 302
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(partner).get(url).status_code == 404
    page = client_for(consultant).get(url)
    assert page.status_code == 200
    assert 'id="s-' in page.content.decode()
