from datetime import timedelta

import pytest
from django.utils import timezone

from workgroups.models import Group

from .factories import GroupFactory, MeetingFactory, MemberFactory


@pytest.fixture
def working_group(ostrava):
    return GroupFactory(municipality=ostrava, name="PS ke krizovému, sociálnímu a dostupnému bydlení")


@pytest.fixture
def other_group(ostrava):
    """A group the member and the partner do not belong to."""
    return GroupFactory(municipality=ostrava, name="PS k udržitelnosti a rozvoji bytového fondu")


@pytest.fixture
def steering(ostrava):
    return GroupFactory(municipality=ostrava, name="Řídicí tým", kind=Group.Kind.STEERING, max_members=None)


@pytest.fixture
def kladno_group(kladno):
    return GroupFactory(municipality=kladno, name="Řídicí tým Kladno", kind=Group.Kind.STEERING, max_members=None)


@pytest.fixture
def memberships(working_group, member, partner, social_worker):
    """The member, the partner and the social worker belong to the working group."""
    return {
        user.username: MemberFactory(group=working_group, user=user, full_name=user.get_full_name(), email=user.email)
        for user in (member, partner, social_worker)
    }


@pytest.fixture
def meeting(working_group):
    return MeetingFactory(group=working_group, title="Jednání o krizovém bydlení")


@pytest.fixture
def past_meeting(working_group):
    start = timezone.now() - timedelta(days=3)
    return MeetingFactory(group=working_group, title="Jednání v minulém týdnu", starts_at=start,
                          ends_at=start + timedelta(hours=2))
