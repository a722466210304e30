"""Acceptance 1: a diff shows an added section, a moved section and a changed word."""

from datetime import date

from concepts.diff import version_diff, word_diff_html
from concepts.models import Section
from concepts.selectors import version_sections
from concepts.services import section_create, section_move, section_update, version_freeze


def _freeze(concept, user):
    return version_freeze(concept=concept, actor=user, steering_approved_on=date(2026, 1, 10),
                          approval_note="Řídicí tým 10. 1.")


def test_it_shows_an_added_section_a_moved_section_and_a_changed_word(concept, programme, writer):
    v1 = _freeze(concept, writer)
    moved = Section.objects.get(concept=concept, title="Opatření 1.1.1")
    section_move(section=moved, actor=writer, parent=Section.objects.get(concept=concept, title="Cíl 2.1"), position=0)
    changed = Section.objects.get(concept=concept, title="Opatření 2.2.1")
    section_update(section=changed, actor=writer, expected_version=changed.edit_version, title=changed.title,
                   body="Znění opatření.")
    section_create(concept=concept, actor=writer, kind="measure", title="Nové opatření",
                   parent=Section.objects.get(concept=concept, title="Cíl 1.2"))
    v2 = _freeze(concept, writer)

    diff = version_diff(version_sections(v1), version_sections(v2))
    by_title = {c.section.title: c for c in diff.changes}

    assert by_title["Nové opatření"].added
    assert by_title["Opatření 1.1.1"].moved and by_title["Opatření 1.1.1"].renumbered
    assert (by_title["Opatření 1.1.1"].old.number, by_title["Opatření 1.1.1"].new.number) == ("1.1.1", "2.1.1")
    assert by_title["Opatření 1.1.2"].renumbered and not by_title["Opatření 1.1.2"].moved
    body = str(by_title["Opatření 2.2.1"].body_html)
    assert body == "<del>Text</del><ins>Znění</ins> opatření."
    assert not by_title["Priorita 1"].changed
    assert diff.summary["added"] == 1 and diff.summary["moved"] == 1 and diff.summary["text"] == 1


def test_it_shows_a_removed_section_where_it_stood(concept, programme, writer):
    from concepts.services import section_delete

    v1 = _freeze(concept, writer)
    section_delete(section=Section.objects.get(concept=concept, title="Opatření 1.2.1"), actor=writer)
    v2 = _freeze(concept, writer)
    changes = version_diff(version_sections(v1), version_sections(v2)).changes
    titles = [c.section.title for c in changes]
    removed = titles.index("Opatření 1.2.1")
    assert changes[removed].removed
    assert titles[removed - 1] == "Cíl 1.2"


def test_it_escapes_text_before_marking_it_up():
    html = str(word_diff_html("Bezpečný text", "Bezpečný <script>alert(1)</script> text"))
    assert "<script>" not in html
    assert "<ins>&lt;script&gt;" in html


def test_the_compare_page_shows_the_changes(client_for, concept, programme, writer, member):
    v1 = _freeze(concept, writer)
    changed = Section.objects.get(concept=concept, title="Opatření 2.2.1")
    section_update(section=changed, actor=writer, expected_version=changed.edit_version, title=changed.title,
                   body="Znění opatření.")
    v2 = _freeze(concept, writer)
    response = client_for(member).get(
        f"/m/ostrava/concept/{concept.pk}/versions/compare/", {"a": v1.number, "b": v2.number}
    )
    assert response.status_code == 200
    assert "<del>Text</del><ins>Znění</ins> opatření." in response.content.decode()
