"""Acceptance 1: the evidence-link share (measures linked to at least one finding)."""

from concepts.services import section_update
from concepts.stats import evidence_share, share_percent

from .factories import FindingFactory


def _link(measure, user, findings):
    section_update(section=measure, actor=user, expected_version=measure.edit_version, title=measure.title,
                   body=measure.body, findings=findings)


def test_it_counts_measures_linked_to_at_least_one_finding(concept, programme, writer, django_assert_num_queries):
    f1, f2 = FindingFactory(concept=concept), FindingFactory(concept=concept)
    _link(programme[0], writer, [f1, f2])  # two findings count once
    _link(programme[1], writer, [f1])
    _link(programme[2], writer, [f2])
    with django_assert_num_queries(1):
        assert evidence_share(concept) == (3, 8)
    assert share_percent(3, 8) == 38


def test_it_is_zero_of_zero_without_measures(concept):
    assert evidence_share(concept) == (0, 0)
    assert share_percent(0, 0) is None


def test_it_ignores_other_concepts(concept, programme, writer, kladno_concept):
    finding = FindingFactory(concept=kladno_concept)
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _link(programme[0], writer, [finding])
    assert evidence_share(concept) == (0, 8)
