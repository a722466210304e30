"""Household pages and downloads are never stored; other pages of a signed-in user are private."""

import pytest
from django.urls import reverse

from pilots.models import ProgrammeKind
from tests.pilots.factories import HouseholdFactory, IdentityFactory, ProgrammeFactory
from tests.portal.test_jobs import make_job


@pytest.fixture
def household(ostrava, social_worker, coordinator):
    programme = ProgrammeFactory(municipality=ostrava, kind=ProgrammeKind.CRISIS, name="Krizové bydlení",
                                 coordinator=coordinator)
    programme.social_workers.add(social_worker)
    household = HouseholdFactory(programme=programme)
    IdentityFactory(household=household, name="Jana Dvořáčková", birth_year=1988)
    return household


def test_it_sends_household_pages_with_no_store(client_for, social_worker, household):
    slug, pk = household.municipality.slug, household.pk
    client = client_for(social_worker)
    for name, args in [("household_list", [slug]), ("household_detail", [slug, pk]),
                       ("household_edit", [slug, pk]), ("identity_detail", [slug, pk])]:
        response = client.get(reverse(f"pilots:{name}", args=args))
        assert response.status_code == 200, name
        assert "no-store" in response["Cache-Control"], name


def test_it_sends_every_download_with_no_store(client_for, writer, ostrava):
    job = make_job(ostrava, writer)
    response = client_for(writer).get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_it_sends_other_pages_of_a_signed_in_user_as_private(client_for, gestor, ostrava):
    response = client_for(gestor).get(reverse("municipality_detail", args=[ostrava.slug]))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" not in response["Cache-Control"]

