from datetime import timedelta

import factory
from django.utils import timezone

from tests.factories import MunicipalityFactory
from workgroups.models import ActionItem, Group, GroupMember, Meeting, Milestone, StakeholderCategory


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = Group.Kind.WORKING
    name = factory.Sequence(lambda n: f"Pracovní skupina {n}")
    max_members = 18


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMember

    group = factory.SubFactory(GroupFactory)
    full_name = factory.Sequence(lambda n: f"Člen Skupiny {n}")
    category = StakeholderCategory.OTHER
    from_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(GroupFactory)
    title = factory.Sequence(lambda n: f"Jednání {n}")
    starts_at = factory.LazyFunction(lambda: (timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + timedelta(hours=2))
    place = "Nová radnice, místnost 312"


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Úkol {n}")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    municipality = factory.SubFactory(MunicipalityFactory)
    phase = "analysis"
    title = factory.Sequence(lambda n: f"Milník {n}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
