"""The kind of a section is said once, on the model (``section.is_measure`` …), for live and frozen
sections alike; templates ask the property, never compare the kind with a literal."""

import pytest

from concepts.models import Section, SectionKind, VersionSection


@pytest.mark.parametrize("model", [Section, VersionSection])
@pytest.mark.parametrize("kind", SectionKind.values)
def test_it_says_the_kind_of_a_section_once(model, kind):
    section = model(kind=kind)
    assert section.is_chapter == (kind == SectionKind.CHAPTER)
    assert section.is_priority == (kind == SectionKind.PRIORITY)
    assert section.is_goal == (kind == SectionKind.GOAL)
    assert section.is_measure == (kind == SectionKind.MEASURE)
