"""Acceptance 2: two sessions load a section, both save; the second is refused with both texts."""

from concepts.models import Section, SectionRevision


def _url(concept, section, suffix="edit/"):
    return f"/m/ostrava/concept/{concept.pk}/sections/{section.pk}/{suffix}"


def _post(client, concept, section, form_version, body, title=None):
    return client.post(_url(concept, section), {
        "edit_version": form_version, "title": title or section.title, "body": body,
    })


def test_it_refuses_the_second_save_and_shows_both_texts(client_for, concept, writer, gestor):
    section = Section.objects.get(concept=concept, title="Popis bytového fondu")
    alice, bob = client_for(writer), client_for(gestor)
    # Both load the editor: each form carries the version they loaded.
    for client in (alice, bob):
        page = client.get(_url(concept, section))
        assert page.status_code == 200
        assert f'name="edit_version" value="{section.edit_version}"' in page.content.decode()
    loaded = section.edit_version

    first = _post(alice, concept, section, loaded, "Text Alice: 1 200 prázdných bytů.")
    assert first.status_code == 302
    second = _post(bob, concept, section, loaded, "Text Boba: investice do bytů.")

    assert second.status_code == 409
    html = second.content.decode()
    assert "Text Alice: 1 200 prázdných bytů." in html  # theirs, as saved
    assert "Text Boba: investice do bytů." in html  # mine, kept in the form
    section.refresh_from_db()
    assert section.body == "Text Alice: 1 200 prázdných bytů."  # not overwritten
    assert section.edit_version == loaded + 1
    # The form now carries the current version: saving again is Bob's deliberate choice.
    assert f'name="edit_version" value="{section.edit_version}"' in html

    third = _post(bob, concept, section, section.edit_version, "Text Boba: investice do bytů.")
    assert third.status_code == 302
    section.refresh_from_db()
    assert section.body == "Text Boba: investice do bytů."
    edits = SectionRevision.objects.filter(uid=section.uid, action=SectionRevision.Action.EDITED).order_by("pk")
    assert [(r.changed_by, r.body) for r in edits] == [
        (writer, "Text Alice: 1 200 prázdných bytů."), (gestor, "Text Boba: investice do bytů."),
    ]


def test_it_shows_the_history_with_who_and_what(client_for, concept, writer, member):
    section = Section.objects.get(concept=concept, title="Popis bytového fondu")
    _post(client_for(writer), concept, section, section.edit_version, "Nový text o bytech.")
    response = client_for(member).get(_url(concept, section, "history/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<ins>Nový text o bytech.</ins>" in html or "<ins>" in html
    assert writer.last_name in html


def test_it_requires_login(client, concept):
    section = concept.sections.first()
    response = client.get(_url(concept, section))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_is_404_for_an_outsider(client_for, concept, outsider, kladno_gestor):
    section = concept.sections.first()
    assert client_for(outsider).get(_url(concept, section)).status_code == 404
    # Kladno's gestor through Kladno's URL still cannot reach Ostrava's section.
    url = f"/m/kladno/concept/{concept.pk}/sections/{section.pk}/edit/"
    assert client_for(kladno_gestor).get(url).status_code == 404


def test_it_is_refused_for_a_read_only_role(client_for, concept, member, partner):
    section = concept.sections.first()
    assert client_for(member).get(_url(concept, section)).status_code == 404
    assert client_for(member).post(_url(concept, section), {"edit_version": 1, "title": "x", "body": "x"}).status_code == 404
    assert client_for(partner).get(_url(concept, section, "")).status_code == 404
    section.refresh_from_db()
    assert section.title != "x"


def test_a_cost_beyond_what_the_column_holds_is_refused_next_to_the_field(client_for, concept, writer, programme):
    """Found by the fuzzer: 9 223 372 036 854 775 808 CZK passed the form (an IntegerField without a
    maximum) and PostgreSQL's bigint column refused it: a DataError, a 500."""
    section = programme[0]
    response = client_for(writer).post(_url(concept, section), {
        "edit_version": section.edit_version, "title": section.title, "body": section.body,
        "cost_czk": "9223372036854775808",
    })
    assert response.status_code == 200
    assert "cost_czk" in response.context["form"].errors
    section.refresh_from_db()
    assert section.cost_czk is None
