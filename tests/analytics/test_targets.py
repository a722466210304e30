from analytics.selectors import dashboard_rows
from analytics.targets import EVIDENCE_THRESHOLD_PERCENT, agency_targets
from concepts.models import Phase
from tests.analytics.conftest import concept_with_measures, held_meeting, steering
from tests.concepts.factories import ConceptFactory
from tests.factories import MunicipalityFactory
from workgroups.models import Method


def by_key(user, municipalities):
    return {t.key: t for t in agency_targets(dashboard_rows(user, municipalities))}


def test_it_counts_municipalities_with_a_recent_participative_meeting(world, consultant):
    target = by_key(consultant, [world.ostrava, world.kladno])["participative"]
    assert (target.ratio.part, target.ratio.total) == (1, 2)  # Ostrava's world café; Kladno only discussion
    assert target.met is True  # 50 % >= 30 %
    assert "365" in target.definition


def test_it_ignores_participative_meetings_older_than_a_year_and_plain_discussions(db, consultant):
    old = MunicipalityFactory(slug="stara", name="Stará")
    held_meeting(steering(old, last_met_days_ago=None), 400, Method.PROBLEM_TREE)
    talk = MunicipalityFactory(slug="mluvici", name="Mluvící")
    held_meeting(steering(talk, last_met_days_ago=None), 5, Method.DISCUSSION)
    target = by_key(consultant, [old, talk])["participative"]
    assert (target.ratio.part, target.ratio.total, target.met) == (0, 2, False)


def test_it_counts_concepts_with_at_least_the_threshold_share_of_measures_linked(db, consultant):
    assert EVIDENCE_THRESHOLD_PERCENT == 50
    half = MunicipalityFactory(slug="pul", name="Půl")
    concept_with_measures(half, phase=Phase.PROPOSAL, linked=2, unlinked=2)  # exactly 50 %: counts
    less = MunicipalityFactory(slug="mene", name="Méně")
    concept_with_measures(less, phase=Phase.PROPOSAL, linked=1, unlinked=2)  # 33 %: does not
    empty = MunicipalityFactory(slug="prazdna", name="Prázdná")
    ConceptFactory(municipality=empty)  # no measures yet: not a planning document with measures
    none = MunicipalityFactory(slug="zadna", name="Žádná")
    target = by_key(consultant, [half, less, empty, none])["evidence"]
    assert (target.ratio.part, target.ratio.total) == (1, 2)
    assert target.met is False  # 50 % < 60 %
    assert "50 %" in target.definition


def test_it_marks_the_targets_the_portal_cannot_measure(world, consultant):
    targets = by_key(consultant, [world.ostrava])
    for key in ("competence", "good_practice", "conferences"):
        assert targets[key].measured is False and targets[key].met is None and targets[key].definition
    assert targets["conferences"].goal_text


def test_it_reports_no_verdict_without_a_denominator(db, consultant):
    targets = by_key(consultant, [])
    assert targets["participative"].ratio.total == 0 and targets["participative"].met is None
