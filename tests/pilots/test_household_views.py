"""Acceptance 3: who opens which household page, and the audit trail of every view."""

import pytest
from django.urls import reverse

from pilots.models import Household
from portal.models import AuditEntry

from .factories import FlatFactory, housed

pytestmark = pytest.mark.django_db


def household_urls(household, placement=None, plan=None):
    slug, pk = household.municipality.slug, household.pk
    urls = [
        reverse("pilots:household_list", args=[slug]),
        reverse("pilots:household_create", args=[slug]),
        reverse("pilots:household_detail", args=[slug, pk]),
        reverse("pilots:household_edit", args=[slug, pk]),
        reverse("pilots:identity_detail", args=[slug, pk]),
        reverse("pilots:household_export", args=[slug, pk]),
        reverse("pilots:contact_quick", args=[slug]),
    ]
    referral = household.referrals.first()
    if referral:
        urls += [reverse("pilots:referral_decide", args=[slug, referral.pk]), reverse("pilots:placement_create", args=[slug, referral.pk])]
    if placement:
        urls += [reverse(n, args=[slug, placement.pk]) for n in ("pilots:placement_detail", "pilots:exit_record", "pilots:transition")]
    if plan:
        urls.append(reverse("pilots:plan_detail", args=[slug, plan.pk]))
    return urls


@pytest.fixture
def placed(crisis):
    placement = housed(crisis, __import__("datetime").date(2024, 1, 10), flat=FlatFactory(programme=crisis))
    from pilots.models import SupportPlan

    plan = SupportPlan.objects.create(household=placement.household, programme=crisis, started_on=placement.move_in)
    return placement, plan


def test_it_lets_the_crisis_social_worker_open_a_crisis_household(client_for, social_worker, crisis_household):
    response = client_for(social_worker).get(crisis_household.get_absolute_url())
    assert response.status_code == 200
    assert crisis_household.code in response.content.decode()
    assert "Jana Dvořáčková" not in response.content.decode()  # the name is on the identity page only


def test_it_answers_404_to_the_crisis_social_worker_for_a_social_housing_household(client_for, social_worker, social_household):
    client = client_for(social_worker)
    assert client.get(social_household.get_absolute_url()).status_code == 404
    identity = reverse("pilots:identity_detail", args=["ostrava", social_household.pk])
    assert client.get(identity).status_code == 404


@pytest.mark.parametrize("persona", ["consultant", "partner", "member", "writer"])
def test_it_answers_404_on_every_household_page_to_roles_without_access(request, client_for, placed, persona):
    placement, plan = placed
    client = client_for(request.getfixturevalue(persona))
    for url in household_urls(placement.household, placement, plan):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_it_answers_404_to_an_outsider(client_for, outsider, crisis_household):
    for url in household_urls(crisis_household):
        assert client_for(outsider).get(url).status_code == 404


def test_it_requires_login(client, crisis_household):
    response = client.get(crisis_household.get_absolute_url())
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_writes_an_audit_entry_for_every_household_view(client_for, social_worker, crisis_household, placed):
    placement, plan = placed
    client = client_for(social_worker)
    for household, url in [
        (crisis_household, crisis_household.get_absolute_url()),
        (crisis_household, reverse("pilots:identity_detail", args=["ostrava", crisis_household.pk])),
        (crisis_household, reverse("pilots:household_edit", args=["ostrava", crisis_household.pk])),
        (placement.household, reverse("pilots:placement_detail", args=["ostrava", placement.pk])),
        (placement.household, reverse("pilots:plan_detail", args=["ostrava", plan.pk])),
    ]:
        before = AuditEntry.objects.filter(object_id=str(household.pk), action=AuditEntry.Action.VIEW).count()
        assert client.get(url).status_code == 200
        entry = AuditEntry.objects.filter(object_id=str(household.pk), action=AuditEntry.Action.VIEW).first()
        assert AuditEntry.objects.filter(object_id=str(household.pk), action=AuditEntry.Action.VIEW).count() == before + 1
        assert entry.actor == social_worker
        assert entry.object_repr == household.code  # never a name


def test_it_shows_identity_to_the_assigned_worker_and_logs_it(client_for, social_worker, crisis_household):
    url = reverse("pilots:identity_detail", args=["ostrava", crisis_household.pk])
    response = client_for(social_worker).get(url)
    assert "Jana Dvořáčková" in response.content.decode()
    entry = AuditEntry.objects.filter(object_id=str(crisis_household.pk)).first()
    assert entry.detail["what"] == "identity"


def test_it_gives_the_gestor_the_record_but_not_the_identity(client_for, gestor, crisis_household):
    client = client_for(gestor)
    assert client.get(crisis_household.get_absolute_url()).status_code == 200
    assert client.get(reverse("pilots:identity_detail", args=["ostrava", crisis_household.pk])).status_code == 404


def test_it_logs_identity_changes(client_for, coordinator, crisis_household):
    url = reverse("pilots:identity_detail", args=["ostrava", crisis_household.pk])
    response = client_for(coordinator).post(url, {"name": "Jana Nová", "birth_year": 1988, "phone": "", "email": "", "contact_note": "",
                                              "edit_version": crisis_household.identity.edit_version})
    assert response.status_code == 302
    crisis_household.identity.refresh_from_db()
    assert crisis_household.identity.name == "Jana Nová"
    assert AuditEntry.objects.filter(object_id=str(crisis_household.pk), action=AuditEntry.Action.UPDATE, detail__what="identity").exists()


def test_it_lists_households_by_code_with_a_fixed_number_of_queries(client_for, coordinator, crisis, django_assert_max_num_queries):
    from .factories import HouseholdFactory, IdentityFactory

    client = client_for(coordinator)
    url = reverse("pilots:household_list", args=["ostrava"])
    for _ in range(3):
        IdentityFactory(household=HouseholdFactory(programme=crisis))
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for _ in range(20):
        IdentityFactory(household=HouseholdFactory(programme=crisis))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    content = response.content.decode()
    assert all(h.code in content for h in Household.objects.all()[:20])
    assert "Dvořáčková" not in content


def test_it_creates_a_household_with_a_random_code_and_logs_it(client_for, social_worker, crisis, ngo):
    data = {
        "r-programme": crisis.pk, "r-referred_on": "2024-05-02", "r-referrer": ngo.pk, "r-referrer_name": "Mgr. Nová",
        "r-intensity": "high", "r-planned_hours": "20",
        "h-size": 3, "h-adults": 1, "h-children": 2, "h-composition": "single_parent", "h-ethos": "8",
        "h-prior_living": "residential_hotel", "h-income_source": "material_need", "h-has_debt": "on", "h-debt_band": "50_200",
        "h-referral_source": "ngo",
        "i-name": "Petra Horváthová", "i-birth_year": 1990, "i-phone": "", "i-email": "", "i-contact_note": "",
    }
    response = client_for(social_worker).post(reverse("pilots:household_create", args=["ostrava"]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    household = Household.objects.get()
    assert household.code.startswith("D-") and "Petra" not in household.code
    assert household.identity.name == "Petra Horváthová"
    assert household.referrals.get().intensity == "high"
    assert AuditEntry.objects.filter(object_id=str(household.pk), action=AuditEntry.Action.CREATE).count() == 2


def test_it_refuses_a_size_that_does_not_add_up_and_saves_nothing(client_for, social_worker, crisis):
    data = {
        "r-programme": crisis.pk, "r-referred_on": "2024-05-02", "r-intensity": "low", "r-planned_hours": "4",
        "h-size": 5, "h-adults": 1, "h-children": 2, "h-composition": "single_parent", "h-ethos": "8",
        "h-prior_living": "shelter", "h-income_source": "material_need", "h-referral_source": "self", "i-name": "X",
    }
    response = client_for(social_worker).post(reverse("pilots:household_create", args=["ostrava"]), data)
    assert response.status_code == 200
    assert "dospělých a dětí" in response.content.decode()
    assert not Household.objects.exists()
