"""Each "needs attention" rule, and the same reasons on the home page, the dashboard and the
municipality's analytics page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from analytics.attention import attention_for_many
from concepts.rounds.models import Round
from pilots.models import PlanReview, SupportPlan
from portal.models import Membership
from portal.roles import Role
from tests.analytics.agency import cooperation, criterion
from tests.analytics.conftest import ago, held_meeting, pilot, steering
from tests.concepts.factories import ConceptFactory
from tests.factories import MunicipalityFactory
from tests.rounds.factories import CommentFactory, InvitationFactory, RoundFactory, VersionFactory
from tests.workgroups.factories import GroupFactory, MemberFactory
from workgroups.models import StakeholderCategory


def codes(user, m):
    return [r.code for r in attention_for_many(user, [m])[m.pk]]


@pytest.fixture
def town(db, consultant):
    """A municipality with nothing wrong: a full working group, a steering team that met yesterday."""
    m = MunicipalityFactory(slug="mesto", name="Město")
    Membership.objects.create(user=consultant, municipality=m, role=Role.CONSULTANT)
    held_meeting(steering(m, last_met_days_ago=None), 1)
    group = GroupFactory(municipality=m, name="Pracovní skupina")
    for category in StakeholderCategory.obligatory():
        MemberFactory(group=group, category=category)
    return m


def test_it_finds_nothing_in_a_healthy_municipality(town, consultant):
    assert codes(consultant, town) == []


def test_it_flags_no_working_group(db, consultant):
    m = MunicipalityFactory(slug="bez", name="Bez skupin")
    held_meeting(steering(m, last_met_days_ago=None), 1)
    assert "no_working_group" in codes(consultant, m)


def test_it_flags_a_steering_team_that_has_not_met_for_over_45_days(town, consultant, settings):
    town.workgroups.get(kind="steering").meetings.update(starts_at=ago(46), ends_at=ago(46))
    [reason] = [r for r in attention_for_many(consultant, [town])[town.pk] if r.code == "steering_overdue"]
    assert "46 days" in reason.text
    settings.ANALYTICS_ATTENTION = {"steering_days": 50}  # configurable
    assert "steering_overdue" not in codes(consultant, town)


def test_it_flags_composition_gaps(town, consultant):
    GroupFactory(municipality=town, name="Neúplná")
    assert "composition_gaps" in codes(consultant, town)


def test_it_flags_a_round_awaiting_settlement_for_more_than_30_days(town, consultant):
    version = VersionFactory(concept=ConceptFactory(municipality=town))
    recent = RoundFactory(version=version, opens_at=ago(40), deadline=ago(20))
    CommentFactory(round=recent, invitation=InvitationFactory(round=recent))
    assert "settlement_overdue" not in codes(consultant, town)  # 20 days: not yet
    Round.objects.filter(pk=recent.pk).update(opens_at=ago(60), deadline=ago(31))
    assert "settlement_overdue" in codes(consultant, town)


def test_it_flags_indicators_off_track_and_periods_overdue(town, consultant, monkeypatch):
    from analytics.agency import scope

    monkeypatch.setattr(scope, "indicator_attention", lambda ids, today: {
        pk: {"off_track": 2, "overdue_periods": 1, "off_track_codes": ["a", "b"]} for pk in ids})
    texts = {r.code: r.text for r in attention_for_many(consultant, [town])[town.pk]}
    assert texts["indicator_off_track"] == "2 indicators are off track."
    assert texts["period_overdue"] == "1 period is overdue for data entry."


def test_it_flags_low_pilot_occupancy_a_programme_without_social_worker_and_overdue_reviews(town, consultant):
    programme = pilot(town, housed_now=1, exited=0, capacity=8)  # 1 of 8 occupied
    found = codes(consultant, town)
    assert "pilot_occupancy" in found and "pilot_no_social_worker" in found
    programme.social_workers.add(consultant)
    household = programme.placements.first().household
    plan = SupportPlan.objects.create(household=household, programme=programme, started_on=timezone.localdate() - timedelta(days=120))
    PlanReview.objects.create(plan=plan, due_on=timezone.localdate() - timedelta(days=3))
    found = codes(consultant, town)
    assert "pilot_no_social_worker" not in found and "pilot_reviews_overdue" in found


def test_it_flags_no_activity_for_60_days(db, consultant):
    silent = MunicipalityFactory(slug="sokolov", name="Sokolov")
    [reason] = [r for r in attention_for_many(consultant, [silent])[silent.pk] if r.code == "inactive"]
    assert reason.text == "No activity recorded in the portal at all (over 60 days)."
    held_meeting(steering(silent, last_met_days_ago=None), 61)
    assert "No activity for 61 days" in {r.code: r.text for r in attention_for_many(consultant, [silent])[silent.pk]}["inactive"]
    held_meeting(silent.workgroups.first(), 59)
    assert "inactive" not in codes(consultant, silent)


def test_it_flags_the_cooperation_end_near_with_an_unscored_criterion(town, consultant):
    coop = cooperation(town, months_ago=23)  # ends in about a month
    criterion(coop, t0=1)
    assert "end_near_unscored" in codes(consultant, town)
    criterion(coop, t0=1, t24=2, title="Hotové")
    coop.criteria.filter(title="Koordinace sítě služeb").delete()
    assert "end_near_unscored" not in codes(consultant, town)
    young = MunicipalityFactory(slug="novy", name="Nový")
    criterion(cooperation(young, months_ago=2), t0=1)
    assert "end_near_unscored" not in codes(consultant, young)  # far from its end


def test_it_can_switch_a_rule_off(db, consultant, settings):
    silent = MunicipalityFactory(slug="ticho", name="Ticho")
    settings.ANALYTICS_ATTENTION = {"disabled": ["inactive"]}
    assert "inactive" not in codes(consultant, silent)


def _texts(html: str, marker: str) -> list[str]:
    part = html.split(marker, 1)[1]
    return re.findall(r'<li>(?:<span class="badge[^"]*">!</span> )?<a href="[^"]*">([^<]+)</a></li>', part)[:20]


def test_it_gives_the_same_reasons_on_home_dashboard_and_municipality_page(client_for, consultant, world):
    from tests.factories import MunicipalityFactory as MF

    silent = MF(slug="sokolov", name="Sokolov", code="560286")
    Membership.objects.create(user=consultant, municipality=silent, role=Role.CONSULTANT)
    client = client_for(consultant)
    expected = [r.text for r in attention_for_many(consultant, [silent])[silent.pk]]
    assert "No activity recorded in the portal at all (over 60 days)." in expected
    dashboard = client.get("/consultant/").content.decode()
    on_dashboard = re.findall(r'<li><a href="[^"]*">([^<]+)</a></li>', dashboard.split('id="reasons-sokolov"', 1)[1].split("</details>", 1)[0])
    page = client.get("/m/sokolov/analytics/").content.decode()
    on_page = re.findall(r'<a href="[^"]*">([^<]+)</a></li>', page.split('id="reasons"', 1)[1].split("</ul>", 1)[0])
    home = client.get("/").content.decode()
    assert on_dashboard == expected and on_page == expected
    for text in expected:
        assert text in home
    # the home page ranks the panels by the number of reasons of the same function
    counts = {m.slug: len(v) for m, v in ((m, attention_for_many(consultant, [m])[m.pk]) for m in (world.ostrava, world.kladno, silent))}
    order = sorted(counts, key=lambda s: (-counts[s], s))
    positions = [home.find(f'id="m-{slug}"') for slug in order]
    assert positions == sorted(positions)
