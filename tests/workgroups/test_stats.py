"""Acceptance 1: the cadence flag and attendance rates; also the share of participative meetings."""

from datetime import timedelta

from django.utils import timezone

from workgroups import stats
from workgroups.models import Attendance, Meeting, Method, StakeholderCategory

from .factories import GroupFactory, MeetingFactory, MemberFactory


def _held(group, days_ago, **kwargs):
    # Wall-clock arithmetic in local time, so "N days ago" stays N calendar days across DST changes.
    start = timezone.localtime() - timedelta(days=days_ago)
    return MeetingFactory(group=group, starts_at=start, ends_at=start + timedelta(hours=2), **kwargs)


def test_it_flags_a_steering_team_that_has_not_met_for_more_than_45_days(steering):
    _held(steering, 46)
    cadence = stats.steering_cadence(steering.municipality)
    assert cadence.days_since == 46
    assert cadence.flagged


def test_it_does_not_flag_at_45_days(steering):
    _held(steering, 80)
    _held(steering, 45)
    cadence = stats.steering_cadence(steering.municipality)
    assert cadence.days_since == 45
    assert not cadence.flagged


def test_it_ignores_cancelled_and_future_meetings(steering):
    _held(steering, 50)
    _held(steering, 10, status=Meeting.Status.CANCELLED)
    MeetingFactory(group=steering)  # next week
    assert stats.steering_cadence(steering.municipality).days_since == 50


def test_it_flags_a_steering_team_that_never_met(steering):
    cadence = stats.steering_cadence(steering.municipality)
    assert cadence.days_since is None and cadence.flagged


def test_it_does_not_flag_a_municipality_without_a_steering_team(ostrava):
    assert not stats.steering_cadence(ostrava).flagged


def test_it_computes_cadence_for_many_municipalities_in_two_queries(ostrava, kladno, django_assert_num_queries):
    for municipality in (ostrava, kladno):
        team = GroupFactory(municipality=municipality, kind="steering", name="Řídicí tým")
        _held(team, 10)
        _held(team, 40)
    with django_assert_num_queries(2):
        result = stats.steering_cadence_many([ostrava, kladno])
    assert {c.days_since for c in result.values()} == {10}


def _attend(meeting, member, status):
    Attendance.objects.create(meeting=meeting, member=member, status=status)


def test_it_computes_attendance_rates_per_member_and_per_category(working_group):
    councillor = MemberFactory(group=working_group, full_name="A Radní", category=StakeholderCategory.COUNCILLOR)
    ngo_1 = MemberFactory(group=working_group, full_name="B Charita", category=StakeholderCategory.NGO)
    ngo_2 = MemberFactory(group=working_group, full_name="C Armáda spásy", category=StakeholderCategory.NGO)
    meetings = [_held(working_group, d) for d in (90, 60, 30, 5)]
    for m in meetings:
        _attend(m, councillor, Attendance.Status.PRESENT)
    for m, status in zip(meetings, ["present", "excused", "absent", "present"], strict=True):
        _attend(m, ngo_1, status)
    _attend(meetings[0], ngo_2, Attendance.Status.ABSENT)
    cancelled = _held(working_group, 1, status=Meeting.Status.CANCELLED)
    _attend(cancelled, ngo_2, Attendance.Status.ABSENT)  # cancelled meetings do not count

    by_member = {r.label: r for r in stats.attendance_by_member(working_group.municipality)}
    assert by_member["A Radní"].rate == 1.0
    assert by_member["B Charita"].rate == 0.5
    assert (by_member["C Armáda spásy"].present, by_member["C Armáda spásy"].recorded) == (0, 1)

    by_category = {r.key: r for r in stats.attendance_by_category(working_group.municipality, working_group)}
    assert by_category["councillor"].rate == 1.0
    assert (by_category["ngo"].present, by_category["ngo"].recorded) == (2, 5)
    assert by_category["ngo"].rate == 0.4


def test_it_computes_the_share_of_participative_meetings(working_group, steering):
    _held(working_group, 20, method=Method.WORLD_CAFE)
    _held(working_group, 10, method=Method.PROBLEM_TREE)
    _held(steering, 15, method=Method.DISCUSSION)
    _held(steering, 5, method=Method.DISCUSSION)
    MeetingFactory(group=steering, method=Method.OPERA)  # not held yet

    share = stats.participative_share(working_group.municipality)

    assert (share.part, share.total) == (2, 4)
    assert share.share == 0.5
