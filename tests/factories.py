"""factory_boy factories shared by all apps' tests. Apps add their own in tests/<app>/factories.py."""

import factory
from django.contrib.auth import get_user_model

from portal.models import Membership, Municipality, Organisation, Profile
from portal.roles import Role

PASSWORD = "test-heslo-2026"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Obec {n}")
    slug = factory.Sequence(lambda n: f"obec-{n}")
    code = factory.Sequence(lambda n: f"{500000 + n}")
    region = "Moravskoslezský kraj"
    population = 10000


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Organizace {n}")
    kind = Organisation.Kind.NGO


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cz")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Uživatel {n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def profile(obj, create, extracted, **kwargs):
        if create:
            Profile.objects.get_or_create(user=obj)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = Role.MEMBER


def person(username: str, municipality: Municipality, role: str, organisation: Organisation | None = None):
    user = UserFactory(username=username)
    MembershipFactory(user=user, municipality=municipality, role=role, organisation=organisation)
    return user
