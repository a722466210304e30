from __future__ import annotations

import pytest

from concepts.models import Section, SectionKind
from concepts.services import concept_create, section_create

from .factories import ConceptFactory


@pytest.fixture
def concept(ostrava, gestor, writer):
    return concept_create(municipality=ostrava, actor=writer, title="Koncepce bydlení Ostrava", gestor=gestor,
                          writer=writer, valid_from=2025, valid_to=2030, from_template=True)


@pytest.fixture
def kladno_concept(kladno):
    return ConceptFactory(municipality=kladno, title="Koncepce Kladno")


def build_programme(concept, user, *, priorities: int = 2, goals: int = 2, measures: int = 2) -> list[Section]:
    """priorities → goals → measures under a concept; returns the measures."""
    out = []
    for p in range(priorities):
        priority = section_create(concept=concept, actor=user, kind=SectionKind.PRIORITY, title=f"Priorita {p + 1}")
        for g in range(goals):
            goal = section_create(concept=concept, actor=user, kind=SectionKind.GOAL, parent=priority,
                                  title=f"Cíl {p + 1}.{g + 1}")
            for m in range(measures):
                out.append(section_create(concept=concept, actor=user, kind=SectionKind.MEASURE, parent=goal,
                                          title=f"Opatření {p + 1}.{g + 1}.{m + 1}", body="Text opatření."))
    return out


@pytest.fixture
def programme(concept, writer):
    return build_programme(concept, writer)


def numbers(concept) -> dict[str, str]:
    return dict(Section.objects.filter(concept=concept).values_list("title", "number"))
