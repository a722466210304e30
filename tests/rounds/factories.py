"""Factories for comment rounds: a frozen version with sections, rounds, invitations, comments."""

from datetime import timedelta

import factory
from django.utils import timezone

from concepts.models import Concept, SectionKind, Version, VersionSection
from concepts.rounds.models import Comment, Round, RoundInvitation, Settlement
from tests.factories import MunicipalityFactory


class ConceptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concept

    municipality = factory.SubFactory(MunicipalityFactory)
    title = "Koncepce sociálního bydlení"


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Version

    concept = factory.SubFactory(ConceptFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda v: v.concept.title)
    frozen_at = factory.LazyFunction(timezone.now)


class VersionSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VersionSection

    version = factory.SubFactory(VersionFactory)
    uid = factory.Faker("uuid4", cast_to=None)
    kind = SectionKind.CHAPTER
    order = factory.Sequence(lambda n: n)
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Kapitola {n + 1}")
    body = "První odstavec textu.\n\nDruhý odstavec s **důležitým** návrhem."


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round
        skip_postgeneration_save = True

    municipality = factory.LazyAttribute(lambda r: r.version.concept.municipality)
    version = factory.SubFactory(VersionFactory)
    title = factory.Sequence(lambda n: f"Připomínkování {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    status = Round.Status.SCHEDULED


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundInvitation

    round = factory.SubFactory(RoundFactory)
    user = None
    email = factory.LazyAttribute(lambda i: i.user.email if i.user else "nekdo@example.cz")
    name = factory.LazyAttribute(lambda i: i.user.get_full_name() if i.user else "")


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    round = factory.SubFactory(RoundFactory)
    section = factory.SubFactory(VersionSectionFactory, version=factory.SelfAttribute("..round.version"))
    number = factory.Sequence(lambda n: n + 1)
    kind = Comment.Kind.RECOMMENDATION
    text = factory.Sequence(lambda n: f"Připomínka č. {n}")
    author_name = "Test Autor"


class SettlementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Settlement

    comment = factory.SubFactory(CommentFactory)
    outcome = Settlement.Outcome.ACCEPTED
