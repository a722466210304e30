"""A small hand-made world for the dashboard: Ostrava with a bit of everything, Kladno with an
overdue steering team and nothing else, and Most, which the consultant does not follow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from concepts.models import Phase, Section, SectionKind
from concepts.rounds.models import Round
from pilots.models import Programme
from portal.models import Municipality
from tests.concepts.factories import ConceptFactory, FindingFactory
from tests.factories import MunicipalityFactory
from tests.pilots.factories import ProgrammeFactory, housed
from tests.rounds.factories import CommentFactory, InvitationFactory, RoundFactory, VersionFactory
from tests.workgroups.factories import GroupFactory, MeetingFactory, MemberFactory
from workgroups.models import Attendance, Group, Method, StakeholderCategory


@pytest.fixture(autouse=True)
def _english(settings):
    """The pages are checked against their English source texts (one test checks the Czech)."""
    settings.LANGUAGE_CODE = "en"


def ago(days: int):
    # Wall-clock arithmetic in local time: "N days ago" stays N calendar days across DST changes.
    return timezone.localtime() - timedelta(days=days)


def held_meeting(group: Group, days_ago: int, method: str = Method.DISCUSSION):
    return MeetingFactory(group=group, starts_at=ago(days_ago), ends_at=ago(days_ago) + timedelta(hours=2), method=method)


def steering(municipality: Municipality, *, last_met_days_ago: int | None) -> Group:
    group = GroupFactory(municipality=municipality, kind=Group.Kind.STEERING, name="Řídicí skupina")
    if last_met_days_ago is not None:
        held_meeting(group, last_met_days_ago)
    return group


def concept_with_measures(municipality: Municipality, *, phase: str, linked: int, unlinked: int):
    concept = ConceptFactory(municipality=municipality, phase=phase)
    finding = FindingFactory(concept=concept)
    for i in range(linked + unlinked):
        measure = Section.objects.create(concept=concept, kind=SectionKind.MEASURE, title=f"Opatření {i + 1}", position=i)
        if i < linked:
            measure.findings.add(finding)
    return concept


def pilot(municipality: Municipality, *, housed_now: int, exited: int, target: int = 10, capacity: int = 8) -> Programme:
    programme = ProgrammeFactory(municipality=municipality, target_households=target, capacity_flats=capacity,
                                 cohort_size=target)
    today = timezone.localdate()
    for _ in range(housed_now):
        housed(programme, today - timedelta(days=100))
    for _ in range(exited):
        housed(programme, today - timedelta(days=300), exit_on=today - timedelta(days=30))
    return programme


@dataclass
class World:
    ostrava: Municipality
    kladno: Municipality
    most: Municipality


@pytest.fixture
def world(ostrava, kladno) -> World:
    """Ostrava:
    - steering team met 10 days ago (world café), working group A covers every obligatory category,
      working group B only has an "other" member (a gap); group B met 400 days ago (discussion),
      group A 20 days ago (discussion): 1 participative of 3 held meetings, 1 in the last 12 months;
      a cancelled world café does not count;
    - newest concept in phase "analysis" with 3 of 4 measures linked to a finding (an older concept
      with none linked is ignored);
    - one open round (4 invited: one commented, one declared no comments) and one closed round
      awaiting settlement (2 invited, silent): 2 of 6 responded;
    - a pilot with target 10 households and 8 flats: 3 housed (2 still living there, 1 moved out).
    Kladno: steering team last met 60 days ago (flagged), nothing else.
    Most: a concept and an overdue steering team, but nobody in the tests follows it.
    """
    ConceptFactory(municipality=ostrava, phase=Phase.PREPARATION)  # older: ignored
    team = steering(ostrava, last_met_days_ago=None)
    held_meeting(team, 10, Method.WORLD_CAFE)
    cancelled = held_meeting(team, 5, Method.WORLD_CAFE)
    cancelled.status = "cancelled"
    cancelled.save()
    full = GroupFactory(municipality=ostrava, name="Skupina A")
    for category in StakeholderCategory.obligatory():
        MemberFactory(group=full, category=category)
    partial = GroupFactory(municipality=ostrava, name="Skupina B")
    other = MemberFactory(group=partial, category=StakeholderCategory.OTHER)
    meeting_a = held_meeting(full, 20)
    held_meeting(partial, 400)
    councillor = full.members.get(category=StakeholderCategory.COUNCILLOR)
    Attendance.objects.create(meeting=meeting_a, member=councillor, status=Attendance.Status.PRESENT)
    Attendance.objects.create(meeting=meeting_a, member=full.members.get(category=StakeholderCategory.NGO),
                              status=Attendance.Status.EXCUSED)
    del other
    concept = concept_with_measures(ostrava, phase=Phase.ANALYSIS, linked=3, unlinked=1)
    version = VersionFactory(concept=concept)
    open_round = RoundFactory(version=version, status=Round.Status.SCHEDULED, title="Připomínky k analýze")  # open by the clock
    invitations = [InvitationFactory(round=open_round, email=f"p{i}@example.cz") for i in range(4)]
    CommentFactory(round=open_round, invitation=invitations[0])
    invitations[1].no_comments_at = timezone.now()
    invitations[1].save()
    closed = RoundFactory(version=version, status=Round.Status.SCHEDULED, title="Připomínky k vizi",  # closed by the clock
                          opens_at=ago(40), deadline=ago(10))
    InvitationFactory(round=closed, email="a@example.cz")
    InvitationFactory(round=closed, email="b@example.cz")
    pilot(ostrava, housed_now=2, exited=1)

    steering(kladno, last_met_days_ago=60)

    most = MunicipalityFactory(slug="most", name="Most", code="567256", region="Ústecký kraj")
    steering(most, last_met_days_ago=90)
    concept_with_measures(most, phase=Phase.STRATEGY, linked=1, unlinked=0)
    return World(ostrava=ostrava, kladno=kladno, most=most)
