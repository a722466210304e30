"""Acceptance 1: implementation progress rolls up to goals and priorities."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from concepts.models import MeasureStatus, Phase, Section
from concepts.selectors import concept_rollup, progress_rollup, section_tree
from concepts.services import concept_update, progress_note_add


@pytest.fixture
def approved(concept, gestor):
    return concept_update(concept=concept, actor=gestor, can_approve=True, phase=Phase.IMPLEMENTATION,
                          resolution_number="ZM 12/2026", resolution_date=date(2026, 2, 1))


def _progress(measure, user, status, progress):
    progress_note_add(section=measure, actor=user, noted_on=date(2026, 3, 1), text="Stav", status=status,
                      progress=progress)


def test_it_rolls_progress_up_to_goals_and_priorities(approved, programme, writer):
    m111, m112, m121, m122, m211, *_ = programme
    _progress(m111, writer, MeasureStatus.DONE, 100)
    _progress(m112, writer, MeasureStatus.IN_PROGRESS, 50)
    _progress(m121, writer, MeasureStatus.CANCELLED, 0)  # left out of the mean
    _progress(m122, writer, MeasureStatus.DELAYED, 20)
    _progress(m211, writer, MeasureStatus.IN_PROGRESS, 40)
    sections = section_tree(approved)
    rollup = progress_rollup(sections)
    by_title = {s.title: s for s in sections}
    assert rollup[by_title["Cíl 1.1"].pk].progress == 75
    assert rollup[by_title["Cíl 1.2"].pk].progress == 20
    assert rollup[by_title["Priorita 1"].pk].progress == round((100 + 50 + 20) / 3)
    assert rollup[by_title["Priorita 1"].pk].done == 1 and rollup[by_title["Priorita 1"].pk].delayed == 1
    assert rollup[by_title["Priorita 2"].pk].progress == 10  # 40, 0, 0, 0
    assert concept_rollup(sections).progress == round((100 + 50 + 20 + 40) / 7)


def test_it_refuses_progress_before_approval(concept, programme, writer):
    with pytest.raises(ValidationError) as exc:
        _progress(programme[0], writer, MeasureStatus.IN_PROGRESS, 10)
    assert "status" in exc.value.error_dict


def test_it_refuses_done_below_100(approved, programme, writer):
    with pytest.raises(ValidationError) as exc:
        _progress(programme[0], writer, MeasureStatus.DONE, 80)
    assert "progress" in exc.value.error_dict
    assert Section.objects.get(pk=programme[0].pk).status == MeasureStatus.NOT_STARTED


def test_only_the_owner_records_approval(concept, writer):
    with pytest.raises(ValidationError) as exc:
        concept_update(concept=concept, actor=writer, phase=Phase.APPROVED, resolution_number="1",
                       resolution_date=date(2026, 1, 1))
    assert "phase" in exc.value.error_dict


def test_approval_needs_the_resolution(concept, gestor):
    with pytest.raises(ValidationError) as exc:
        concept_update(concept=concept, actor=gestor, can_approve=True, phase=Phase.APPROVED)
    assert {"resolution_number", "resolution_date"} <= set(exc.value.error_dict)
