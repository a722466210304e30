"""The workflow states templates and views ask the models for, instead of comparing strings."""

from workgroups.models import Group, Meeting


def test_it_knows_a_cancelled_meeting():
    assert Meeting(status=Meeting.Status.CANCELLED).is_cancelled
    assert not Meeting(status=Meeting.Status.PLANNED).is_cancelled


def test_it_knows_a_focus_group():
    assert Group(kind=Group.Kind.FOCUS).is_focus
    assert not Group(kind=Group.Kind.WORKING).is_focus
