"""Acceptance 1: numbering stays right after a move and after a delete."""

from concepts.models import Section, SectionKind, SectionRevision
from concepts.services import concept_renumber, section_delete, section_move

from .conftest import build_programme, numbers


def test_it_numbers_chapters_priorities_goals_and_measures(concept, programme):
    n = numbers(concept)
    assert n["Úvod, teoretický rámec a metodologie"] == "1"
    assert n["Závěry a doporučení"] == "9"
    assert n["Vize"] == ""
    assert n["Priorita 2"] == "2"
    assert n["Cíl 2.1"] == "2.1"
    assert n["Opatření 2.1.2"] == "2.1.2"


def test_it_renumbers_after_a_move_to_another_goal(concept, programme, writer):
    target_goal = Section.objects.get(concept=concept, title="Cíl 2.2")
    moved = Section.objects.get(concept=concept, title="Opatření 1.1.1")
    section_move(section=moved, actor=writer, parent=target_goal, position=0)
    n = numbers(concept)
    assert n["Opatření 1.1.1"] == "2.2.1"  # now first under goal 2.2
    assert n["Opatření 2.2.1"] == "2.2.2"
    assert n["Opatření 2.2.2"] == "2.2.3"
    assert n["Opatření 1.1.2"] == "1.1.1"  # closed the gap it left
    assert SectionRevision.objects.filter(uid=moved.uid, action=SectionRevision.Action.MOVED).exists()


def test_it_renumbers_a_whole_subtree_when_a_priority_moves_up(concept, programme, writer):
    priority = Section.objects.get(concept=concept, title="Priorita 2")
    section_move(section=priority, actor=writer, parent=None, position=0)
    n = numbers(concept)
    assert n["Priorita 2"] == "1" and n["Priorita 1"] == "2"
    assert n["Opatření 2.1.2"] == "1.1.2"
    assert n["Opatření 1.2.1"] == "2.2.1"
    assert n["Úvod, teoretický rámec a metodologie"] == "1"  # chapters keep their own numbering


def test_it_renumbers_after_a_delete_and_keeps_the_deleted_text(concept, programme, writer):
    goal = Section.objects.get(concept=concept, title="Cíl 1.1")
    section_delete(section=goal, actor=writer)
    n = numbers(concept)
    assert "Opatření 1.1.1" not in n
    assert n["Cíl 1.2"] == "1.1"
    assert n["Opatření 1.2.2"] == "1.1.2"
    deleted = SectionRevision.objects.filter(concept=concept, action=SectionRevision.Action.DELETED)
    assert sorted(deleted.values_list("title", flat=True)) == ["Cíl 1.1", "Opatření 1.1.1", "Opatření 1.1.2"]


def test_it_refuses_a_measure_directly_under_a_priority(concept, programme, writer):
    import pytest
    from django.core.exceptions import ValidationError

    measure = Section.objects.get(concept=concept, title="Opatření 1.1.1")
    priority = Section.objects.get(concept=concept, title="Priorita 2")
    with pytest.raises(ValidationError) as exc:
        section_move(section=measure, actor=writer, parent=priority, position=0)
    assert "parent" in exc.value.error_dict


def test_it_renumbers_in_a_fixed_number_of_queries(concept, writer, django_assert_max_num_queries):
    build_programme(concept, writer, priorities=4, goals=3, measures=4)
    Section.objects.filter(concept=concept, kind=SectionKind.MEASURE).update(number="x")
    with django_assert_max_num_queries(3):
        changed = concept_renumber(concept=concept)
    assert changed == 48
