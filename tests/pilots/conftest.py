import pytest

from pilots.models import ProgrammeKind
from portal.roles import Role
from tests.factories import person

from .factories import FlatFactory, HouseholdFactory, IdentityFactory, ProgrammeFactory, ReferralFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Persona fixtures hash a password each; the default PBKDF2 makes that half a second."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def crisis(ostrava, social_worker, coordinator):
    programme = ProgrammeFactory(
        municipality=ostrava, kind=ProgrammeKind.CRISIS, name="Krizové bydlení", capacity_flats=30,
        target_households=30, cohort_count=3, cohort_size=10, support_months=6, coordinator=coordinator,
    )
    programme.social_workers.add(social_worker)
    return programme


@pytest.fixture
def social(ostrava, coordinator):
    return ProgrammeFactory(
        municipality=ostrava, kind=ProgrammeKind.SOCIAL, name="Sociální bydlení", coordinator=coordinator,
    )


@pytest.fixture
def affordable(ostrava):
    return ProgrammeFactory(municipality=ostrava, kind=ProgrammeKind.AFFORDABLE, name="Dostupné bydlení")


@pytest.fixture
def crisis_household(crisis):
    household = HouseholdFactory(programme=crisis)
    IdentityFactory(household=household, name="Jana Dvořáčková", birth_year=1988)
    return household


@pytest.fixture
def social_household(social):
    household = HouseholdFactory(programme=social)
    IdentityFactory(household=household, name="Karel Bártek", birth_year=1975)
    return household


@pytest.fixture
def flat(crisis):
    return FlatFactory(programme=crisis, address="Palackého 12, Ostrava")


@pytest.fixture
def accepted(crisis_household, crisis):
    from datetime import date

    return ReferralFactory(
        household=crisis_household, programme=crisis, decision="accepted", decided_on=date(2024, 3, 1), cohort=1,
        referred_on=date(2024, 2, 1),
    )


@pytest.fixture
def other_social_worker(ostrava):
    return person("socialni2", ostrava, Role.SOCIAL_WORKER)


@pytest.fixture
def kladno_programme(kladno):
    return ProgrammeFactory(municipality=kladno, name="Kladno – sociální bydlení")

