from datetime import timedelta

from analytics.selectors import dashboard_rows, round_lines
from concepts.models import Phase
from concepts.rounds.models import Round
from tests.analytics.conftest import concept_with_measures, held_meeting, pilot, steering
from tests.factories import MunicipalityFactory
from tests.rounds.factories import InvitationFactory, RoundFactory, VersionFactory
from tests.workgroups.factories import GroupFactory, MemberFactory
from workgroups.models import Group, Method


def rows_by_slug(user, municipalities):
    return {r.municipality.slug: r for r in dashboard_rows(user, municipalities)}


def test_it_computes_each_column_from_the_hand_made_world(world, consultant):
    rows = rows_by_slug(consultant, [world.ostrava, world.kladno])
    o = rows["ostrava"]
    assert o.phase == Phase.ANALYSIS
    assert o.cadence.days_since == 10 and not o.cadence.flagged
    assert (o.groups, o.groups_with_gaps) == (2, 1)
    assert (o.participative.part, o.participative.total, o.recent_participative) == (1, 3, 1)
    assert (o.open_rounds, o.awaiting_settlement) == (1, 1)
    assert (o.responses.part, o.responses.total) == (2, 6)
    assert (o.evidence.part, o.evidence.total) == (3, 4)
    assert (o.pilots.housed, o.pilots.target, o.pilots.occupied, o.pilots.capacity) == (3, 10, 2, 8)
    assert o.suppress is True
    k = rows["kladno"]  # nothing but an overdue steering team
    assert k.concept is None and k.cadence.days_since == 60 and k.cadence.flagged
    assert (k.groups, k.open_rounds, k.evidence.total, k.pilots.programmes) == (0, 0, 0, 0)


def test_it_keeps_the_given_order(world, consultant):
    rows = dashboard_rows(consultant, [world.kladno, world.ostrava])
    assert [r.municipality.slug for r in rows] == ["kladno", "ostrava"]


def test_it_does_not_suppress_counts_for_a_gestor(world, gestor):
    [row] = dashboard_rows(gestor, [world.ostrava])
    assert row.suppress is False


def _busy_municipality(n: int):
    m = MunicipalityFactory(slug=f"obec-q{n}", name=f"Obec Q{n}")
    steering(m, last_met_days_ago=50 + n)
    group = GroupFactory(municipality=m)
    MemberFactory(group=group)
    held_meeting(group, 5, Method.FOCUS_GROUP)
    concept = concept_with_measures(m, phase=Phase.PROPOSAL, linked=1, unlinked=1)
    r = RoundFactory(version=VersionFactory(concept=concept), status=Round.Status.OPEN)
    InvitationFactory(round=r)
    pilot(m, housed_now=1, exited=0)
    return m


#: concepts, measures, steering teams, their last meetings, working groups, members, meetings,
#: rounds, invitations, programmes, placements: one query each, whatever the number of municipalities.
DASHBOARD_QUERIES = 11


def test_it_runs_the_same_number_of_queries_for_2_and_6_municipalities(db, consultant, django_assert_max_num_queries):
    municipalities = [_busy_municipality(i) for i in range(6)]
    for subset in (municipalities[:2], municipalities):
        consultant._portal_roles = {}
        with django_assert_max_num_queries(DASHBOARD_QUERIES):
            rows = dashboard_rows(consultant, subset)
        assert len(rows) == len(subset)
        assert all(r.pilots.housed == 1 and r.open_rounds == 1 and r.groups == 1 for r in rows)


def test_it_gives_each_rounds_responses_and_settlement(world):
    rounds = Round.objects.filter(municipality=world.ostrava).order_by("title")
    lines = {line.round.title: line for line in round_lines(rounds)}
    assert (lines["Připomínky k analýze"].responded, lines["Připomínky k analýze"].invited) == (2, 4)
    assert (lines["Připomínky k analýze"].comments, lines["Připomínky k analýze"].unsettled) == (1, 1)
    assert (lines["Připomínky k vizi"].responded, lines["Připomínky k vizi"].invited) == (0, 2)


def test_it_counts_a_steering_meeting_in_the_future_as_not_held(world, consultant):
    from django.utils import timezone

    from tests.workgroups.factories import MeetingFactory

    team = Group.objects.get(municipality=world.kladno, kind=Group.Kind.STEERING)
    MeetingFactory(group=team, starts_at=timezone.now() + timedelta(days=3))
    [row] = dashboard_rows(consultant, [world.kladno])
    assert row.cadence.days_since == 60


def test_it_reads_round_states_off_the_clock_and_skips_settled_rounds(world, consultant):
    concept = Round.objects.filter(municipality=world.ostrava).first().version.concept
    version = VersionFactory(concept=concept)
    RoundFactory(version=version, status=Round.Status.CLOSED)  # closed by hand: awaits settlement
    RoundFactory(version=version, status=Round.Status.SETTLED)
    RoundFactory(version=version, status=Round.Status.PUBLISHED)
    future = RoundFactory(version=version, status=Round.Status.SCHEDULED)
    future.opens_at = future.deadline - timedelta(days=1)
    future.save()
    [row] = dashboard_rows(consultant, [world.ostrava])
    assert (row.open_rounds, row.awaiting_settlement) == (1, 2)
