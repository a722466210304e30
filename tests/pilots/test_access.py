"""Each branch of pilots/access.py."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from pilots import access
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_gives_no_programmes_to_an_anonymous_user(ostrava, crisis):
    assert not access.household_programmes(AnonymousUser(), ostrava).exists()


def test_it_gives_a_superuser_every_programme(ostrava, crisis, social):
    admin = UserFactory(username="admin", is_superuser=True)
    assert set(access.household_programmes(admin, ostrava)) == {crisis, social}


@pytest.mark.parametrize("persona", ["writer", "member", "partner", "consultant"])
def test_it_gives_no_programmes_to_roles_without_household_access(request, ostrava, crisis, persona):
    user = request.getfixturevalue(persona)
    assert not access.household_programmes(user, ostrava).exists()


@pytest.mark.parametrize("persona", ["gestor", "coordinator"])
def test_it_gives_gestor_and_coordinator_every_programme(request, ostrava, crisis, social, persona):
    user = request.getfixturevalue(persona)
    assert set(access.household_programmes(user, ostrava)) == {crisis, social}


def test_it_gives_a_social_worker_only_assigned_programmes(ostrava, crisis, social, social_worker):
    assert list(access.household_programmes(social_worker, ostrava)) == [crisis]


def test_it_answers_404_for_a_household_outside_the_workers_programmes(ostrava, social_worker, social_household):
    with pytest.raises(Http404):
        access.get_household(social_worker, ostrava, social_household.pk)


def test_it_answers_404_for_another_municipalitys_household(kladno, kladno_gestor, crisis_household):
    with pytest.raises(Http404):
        access.get_household(kladno_gestor, kladno, crisis_household.pk)


def test_it_shows_identity_to_the_programme_coordinator(coordinator, crisis_household):
    assert access.can_see_identity(coordinator, crisis_household)


def test_it_shows_identity_to_an_assigned_social_worker(social_worker, crisis_household):
    assert access.can_see_identity(social_worker, crisis_household)


def test_it_hides_identity_from_a_social_worker_of_another_programme(other_social_worker, crisis_household):
    assert not access.can_see_identity(other_social_worker, crisis_household)


def test_it_hides_identity_from_the_gestor(gestor, crisis_household):
    assert not access.can_see_identity(gestor, crisis_household)


def test_it_hides_identity_from_an_assigned_user_who_lost_the_social_worker_role(ostrava, crisis, crisis_household, member):
    crisis.social_workers.add(member)
    assert not access.can_see_identity(member, crisis_household)


def test_it_hides_identity_from_an_anonymous_user(crisis_household):
    assert not access.can_see_identity(AnonymousUser(), crisis_household)


def test_it_hides_identity_of_an_anonymised_household(coordinator, crisis_household):
    crisis_household.anonymised_at = timezone.now()
    assert not access.can_see_identity(coordinator, crisis_household)


def test_it_raises_404_for_identity_without_the_right(ostrava, gestor, crisis_household):
    with pytest.raises(Http404):
        access.get_household_with_identity(gestor, ostrava, crisis_household.pk)
