"""Fixtures for comment rounds: Ostrava's frozen version with three sections, and rounds on it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from concepts.rounds.models import Round
from portal.roles import Role
from tests.factories import OrganisationFactory, person

from .factories import ConceptFactory, InvitationFactory, RoundFactory, VersionFactory, VersionSectionFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The personas' passwords are hashed with PBKDF2 otherwise: seconds per test on a busy machine."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def version(ostrava):
    concept = ConceptFactory(municipality=ostrava)
    v = VersionFactory(concept=concept, number=1)
    for i, title in enumerate(["Analýza bytového fondu", "Vize", "Opatření 1.1 Krizové bydlení"]):
        VersionSectionFactory(version=v, order=i, number=str(i + 1), title=title)
    return v


@pytest.fixture
def sections(version):
    return list(version.sections.order_by("order"))


@pytest.fixture
def partner2(ostrava):
    org = OrganisationFactory(municipality=ostrava, name="Armáda spásy v ČR, z. s.")
    return person("nno2", ostrava, Role.PARTNER, org)


@pytest.fixture
def open_round(version, gestor):
    """Opened a day ago, closes in a week, no invitations yet."""
    return RoundFactory(version=version, created_by=gestor)


@pytest.fixture
def invitation(open_round, partner, ngo):
    return InvitationFactory(round=open_round, user=partner, organisation=ngo)


@pytest.fixture
def closed_round(version, gestor):
    return RoundFactory(
        version=version, created_by=gestor,
        opens_at=timezone.now() - timedelta(days=10), deadline=timezone.now() - timedelta(days=1),
    )


@pytest.fixture
def draft_round(version, gestor):
    return RoundFactory(version=version, created_by=gestor, status=Round.Status.DRAFT)
