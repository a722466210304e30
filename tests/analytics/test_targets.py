"""The five targets on hand-made fixtures: numerator, denominator and the drill-down reasons."""

from django.contrib.auth.models import AnonymousUser

from analytics.agency.scope import agency_data
from analytics.targets import agency_targets
from concepts.models import Phase
from portal.models import Membership
from portal.roles import Role
from tests.analytics.agency import attend, conference, cooperation, criterion, event
from tests.analytics.conftest import concept_with_measures, held_meeting, steering
from tests.factories import MunicipalityFactory, UserFactory
from tests.workgroups.factories import MemberFactory
from workgroups.models import Attendance, Method


def targets(municipalities, user=None):
    data = agency_data(user or AnonymousUser(), municipalities)
    return {t.key: t for t in agency_targets(data, trend=False)}


def reasons(target):
    return {line.name: (line.in_denominator, line.counted, line.reason) for line in target.lines}


def five(db):
    return [MunicipalityFactory(slug=f"obec-{c}", name=f"Obec {c.upper()}") for c in "abcde"]


def test_it_counts_competence_improved_from_t0_to_the_latest_score(db):
    a, b, c, d, e = five(db)
    criterion(cooperation(a), t0=1, t24=3)  # improved
    coop_b = cooperation(b)
    criterion(coop_b, t0=2, midway=3)  # improved midway
    criterion(coop_b, t0=2, midway=1, title="Druhé")  # …but another fell: not improved
    criterion(cooperation(c), t0=2)  # not scored since t0
    criterion(cooperation(d), competence=False, t0=1, t24=4)  # no competence criterion
    t = targets([a, b, c, d, e])["competence"]
    assert (t.part, t.total) == (1, 4)  # e has no cooperation: not in the denominator
    assert t.met is False  # 25 % < 75 %
    r = reasons(t)
    assert r["Obec A"][:2] == (True, True) and "1 → 3" in r["Obec A"][2]
    assert r["Obec B"][:2] == (True, False) and "not improved" in r["Obec B"][2]
    assert r["Obec C"] == (True, False, "not scored since t0")
    assert r["Obec D"] == (True, False, "no competence criterion agreed")
    assert r["Obec E"] == (False, False, "no cooperation description")


def _consultant_at(municipality):
    user = UserFactory(username=f"k-{municipality.slug}")
    Membership.objects.create(user=user, municipality=municipality, role=Role.CONSULTANT)
    return user


def test_it_counts_participative_meetings_without_a_consultant_in_the_window(db, settings):
    a, b, c, d, _e = five(db)
    held_meeting(steering(a, last_met_days_ago=None), 30, Method.WORLD_CAFE)  # on their own: counted
    team_b = steering(b, last_met_days_ago=None)
    meeting = held_meeting(team_b, 30, Method.PROBLEM_TREE)
    consultant = MemberFactory(group=team_b, user=_consultant_at(b))
    Attendance.objects.create(meeting=meeting, member=consultant, status=Attendance.Status.PRESENT)
    held_meeting(steering(c, last_met_days_ago=None), 200, Method.FOCUS_GROUP)  # outside 183 days
    held_meeting(steering(d, last_met_days_ago=None), 5, Method.DISCUSSION)  # not participative
    t = targets(five_list := [a, b, c, d, _e])["participative"]
    assert (t.part, t.total, t.met) == (1, 5, False)  # 20 % < 30 %
    r = reasons(t)
    assert r["Obec A"][1] is True and "1 participative meeting without a consultant" in r["Obec A"][2]
    assert r["Obec B"] == (True, False, "participative meetings only with a consultant present (1)")
    assert r["Obec C"] == (True, False, "no participative meeting in the last 183 days")
    settings.ANALYTICS_PARTICIPATIVE_WINDOW_DAYS = 365  # the window is a setting
    assert targets(five_list)["participative"].part == 2


def test_it_counts_documents_referencing_findings_at_the_threshold_setting(db, settings):
    a, b, c, d, _e = five(db)
    concept_with_measures(a, phase=Phase.STRATEGY, linked=1, unlinked=1)  # 50 %
    concept_with_measures(b, phase=Phase.STRATEGY, linked=1, unlinked=3)  # 25 %
    concept_with_measures(c, phase=Phase.STRATEGY, linked=0, unlinked=0)  # no measure: not a document
    concept_with_measures(d, phase=Phase.STRATEGY, linked=3, unlinked=0)  # 100 %
    t = targets([a, b, c, d])["evidence"]
    assert (t.part, t.total) == (2, 3) and t.met is True  # 67 % >= 60 %
    r = reasons(t)
    assert r["Obec B"] == (True, False, "1 of 4 measures linked to findings (25 %)")
    assert r["Obec C"] == (False, False, "no planning document with measures")
    settings.ANALYTICS_EVIDENCE_THRESHOLD_PERCENT = 60  # the threshold is a setting
    t = targets([a, b, c, d])["evidence"]
    assert (t.part, t.total, t.met) == (1, 3, False)
    assert "60 %" in t.definition


def test_it_counts_conferences_that_passed_data_and_proposals(db):
    a, b, *_ = five(db)
    one = conference(title="První")
    attend(one, a, "4")
    attend(conference(complete=False, title="Neúplná"), b, "4")
    attend(conference(title="Budoucí", days_ago=-10), a, "4")  # not held yet
    attend(conference(title="Cizí"), MunicipalityFactory(slug="jinde", name="Jinde"), "4")  # nobody of ours
    t = targets([a, b])["conferences"]
    assert (t.part, t.total, t.met) == (1, 2, False)  # at least 2 needed
    r = reasons(t)
    assert r["První"][1] is True
    assert r["Neúplná"][1] is False and "missing data presented, proposals" in r["Neúplná"][2]
    attend(conference(title="Druhá"), b, "2")
    assert targets([a, b])["conferences"].met is True


def test_it_sums_inclusion_managers_hours_with_part_attendance_within_the_cooperation(db):
    a, b, c, d, _e = five(db)
    for m in (a, b, c):
        cooperation(m, months_ago=6)
    cooperation(d, manager=None)
    forum, workshop = event(hours="8"), event(hours="8", title="Druhý")
    attend(forum, a, "8"), attend(workshop, a, "6")  # 14 h: counted
    attend(forum, b, "8"), attend(workshop, b, "5.5")  # 13.5 h: part attendance counts what was attended
    attend(workshop, b, "8", name="Kolega", manager=False)  # not the manager
    attend(event(hours="8", title="Dávno", days_ago=400), c, "8")  # before the cooperation started
    attend(forum, c, "8")
    t = targets([a, b, c, d, _e])["good_practice"]
    assert (t.part, t.total, t.met) == (1, 3, False)  # 33 % < 75 %
    r = reasons(t)
    assert "14 h of 14 h" in r["Obec A"][2] and r["Obec A"][1] is True
    assert "13,5 h of 14 h" in r["Obec B"][2] or "13.5 h of 14 h" in r["Obec B"][2]
    assert "8 h of 14 h at 1 event" in r["Obec C"][2]
    assert r["Obec D"] == (False, False, "no inclusion manager named")


def test_it_takes_no_date_from_the_future(db):
    a, *_ = five(db)
    cooperation(a)
    attend(event(hours="20", days_ago=-3), a, "20")
    assert targets([a])["good_practice"].part == 0
