"""Programme list and detail: aggregates for every role with pilots.view_aggregates, small counts
hidden for those without household access, and query counts that do not grow with rows."""

from datetime import date

import pytest
from django.urls import reverse

from .factories import FlatFactory, ProgrammeFactory, housed

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_housed(crisis):
    for _ in range(3):
        housed(crisis, date(2024, 1, 1))
    return crisis


def test_it_requires_login(client, ostrava):
    assert client.get(reverse("pilots:programme_list", args=["ostrava"])).status_code == 302


def test_it_answers_404_to_an_outsider(client_for, outsider, crisis):
    assert client_for(outsider).get(reverse("pilots:programme_list", args=["ostrava"])).status_code == 404
    assert client_for(outsider).get(crisis.get_absolute_url()).status_code == 404


def test_it_refuses_a_partner(client_for, partner, crisis):
    assert client_for(partner).get(reverse("pilots:programme_list", args=["ostrava"])).status_code == 403
    assert client_for(partner).get(crisis.get_absolute_url()).status_code == 403


def test_it_shows_the_consultant_small_counts_as_under_5(client_for, consultant, three_housed):
    list_page = client_for(consultant).get(reverse("pilots:programme_list", args=["ostrava"])).content.decode()
    assert "&lt;5 / 30" in list_page
    detail = client_for(consultant).get(three_housed.get_absolute_url()).content.decode()
    assert "&lt;5" in detail
    assert reverse("pilots:household_list", args=["ostrava"]) not in detail


def test_it_shows_exact_counts_to_the_coordinator(client_for, coordinator, three_housed):
    page = client_for(coordinator).get(reverse("pilots:programme_list", args=["ostrava"])).content.decode()
    assert "3 / 30" in page


def test_it_keeps_the_query_count_of_the_list_flat(client_for, coordinator, ostrava, crisis, django_assert_max_num_queries):
    client = client_for(coordinator)
    url = reverse("pilots:programme_list", args=["ostrava"])
    client.get(url)
    with django_assert_max_num_queries(20) as first:
        client.get(url)
    for n in range(6):
        programme = ProgrammeFactory(municipality=ostrava, name=f"Další {n}")
        housed(programme, date(2024, 1, 1), flat=FlatFactory(programme=programme))
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url)


def test_it_keeps_the_query_count_of_the_detail_flat(client_for, coordinator, crisis, django_assert_max_num_queries):
    client = client_for(coordinator)
    housed(crisis, date(2024, 1, 1))
    client.get(crisis.get_absolute_url())
    with django_assert_max_num_queries(30) as first:
        client.get(crisis.get_absolute_url())
    for n in range(15):
        housed(crisis, date(2024, 1, 1), cohort=1 + n % 3)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(crisis.get_absolute_url())


def test_it_lets_only_managers_edit_programmes(client_for, member, gestor, crisis):
    url = reverse("pilots:programme_edit", args=["ostrava", crisis.pk])
    assert client_for(member).get(url).status_code == 403
    assert client_for(gestor).get(url).status_code == 200


def test_it_creates_a_programme_with_targets(client_for, gestor, social_worker, ostrava):
    response = client_for(gestor).post(reverse("pilots:programme_create", args=["ostrava"]), {
        "name": "Housing First", "kind": "housing_first", "capacity_flats": 10, "target_households": 10, "cohort_count": 1,
        "cohort_size": 10, "support_months": 24, "start_date": "2025-01-01", "social_workers": [social_worker.pk],
        "retention_years": 5, "min_contacts_per_month": 2,
    })
    assert response.status_code == 302
    programme = ostrava.programmes.get(name="Housing First")
    assert list(programme.social_workers.all()) == [social_worker]


def test_it_lists_and_filters_flats_for_the_programme_staff(client_for, social_worker, crisis):
    FlatFactory(programme=crisis, district="Poruba", address="Hlavní třída 1")
    FlatFactory(programme=crisis, district="Vítkovice", address="Mírová 2")
    page = client_for(social_worker).get(reverse("pilots:flat_list", args=["ostrava"]), {"district": "Poruba"}).content.decode()
    assert "Hlavní třída 1" in page and "Mírová 2" not in page
