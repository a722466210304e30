"""The outline's lines are built by a template tag from ``selectors.outline_tree`` (issue 15,
"pages that grow with rows"): the same lines as the template loop drew, with everything a user
typed escaped."""

from __future__ import annotations

from datetime import date

import pytest

from concepts.models import Phase, Section
from concepts.selectors import outline_evidence, outline_tree, section_tree
from concepts.services import concept_update, progress_note_add
from concepts.stats import evidence_share
from tests.workgroups.factories import GroupFactory

from .factories import FindingFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"


def test_it_escapes_a_section_title_and_a_group_name_typed_by_a_user(client_for, concept, programme, writer):
    group = GroupFactory(municipality=concept.municipality, name=f"Skupina {SCRIPT}")
    Section.objects.filter(pk=programme[0].pk).update(title=f"Opatření {SCRIPT} & spol.", drafting_group=group)
    html = client_for(writer).get(concept.get_absolute_url()).content.decode()
    assert SCRIPT not in html
    line = html[html.index(f'id="o-{programme[0].uid}"'):]
    line = line[:line.index("</li>")]
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert f'class="outline-title"><span class="fw-semibold">1.1.1</span> Opatření {escaped} &amp; spol.</a>' in line
    assert f'aria-label="Posunout Opatření {escaped} &amp; spol. nahoru"' in line  # the move buttons' labels
    assert f'<span class="badge text-bg-light border">Skupina {escaped}</span>' in line


def test_it_shows_findings_status_and_progress_on_each_line(client_for, concept, programme, gestor, writer):
    first, second = FindingFactory(concept=concept), FindingFactory(concept=concept)
    programme[0].findings.add(first, second)
    concept_update(concept=concept, actor=gestor, can_approve=True, phase=Phase.IMPLEMENTATION,
                   resolution_number="ZM 1/2026", resolution_date=date(2026, 1, 5))
    progress_note_add(section=programme[0], actor=writer, noted_on=date(2026, 2, 1), text="Hotovo", status="done",
                      progress=100)
    html = client_for(writer).get(concept.get_absolute_url()).content.decode()

    def line(section):
        part = html[html.index(f'id="o-{section.uid}"'):]
        return part[:part.index("</li>")]

    assert '<span class="small">2 zjištění</span><span class="small">hotovo · 100 %</span>' in line(programme[0])
    assert "bez navázaného zjištění" in line(programme[1])
    goal = Section.objects.get(pk=programme[0].parent_id)
    assert '<span class="small">postup 50 %</span>' in line(goal)  # 100 and 0: the goal's two measures
    assert "Přidat opatření" in line(goal) and "Přidat cíl" in line(Section.objects.get(pk=goal.parent_id))


def test_it_reads_the_outline_as_the_section_tree_in_one_query(concept, programme, django_assert_num_queries):
    FindingFactory(concept=concept)
    programme[3].findings.add(FindingFactory(concept=concept))
    with django_assert_num_queries(1):
        rows = outline_tree(concept)
    tree = section_tree(concept)
    assert [(r.pk, r.depth, r.number, r.kind) for r in rows] == [(s.pk, s.depth, s.number, s.kind) for s in tree]
    assert outline_evidence(rows) == evidence_share(concept) == (1, 8)


def test_an_empty_draft_says_so(client_for, ostrava, writer):
    from concepts.services import concept_create

    empty = concept_create(municipality=ostrava, actor=writer, title="Prázdná", gestor=writer, writer=writer,
                           valid_from=2025, valid_to=2030, from_template=False)
    html = client_for(writer).get(empty.get_absolute_url()).content.decode()
    assert "Návrh zatím nemá žádné kapitoly." in html
