"""The phone form for support contacts."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pilots.models import SupportContact
from portal.models import AuditEntry

from .factories import housed

pytestmark = pytest.mark.django_db


def test_it_records_a_contact_in_a_few_taps(client_for, social_worker, crisis):
    household = housed(crisis, date(2024, 1, 1)).household
    url = reverse("pilots:contact_quick", args=["ostrava"])
    page = client_for(social_worker).get(url, {"household": household.pk}).content.decode()
    assert 'name="viewport"' in page and "tap-choice" in page and household.code in page
    response = client_for(social_worker).post(url, {
        "household": household.pk, "date": timezone.localdate().isoformat(), "minutes": 45, "mode": "home_visit",
        "domains": ["housing", "debts"],
    })
    assert response.status_code == 302 and response["Location"] == url  # ready for the next contact
    contact = SupportContact.objects.get()
    assert (contact.worker, contact.minutes, contact.domains) == (social_worker, 45, ["housing", "debts"])
    assert AuditEntry.objects.filter(action="create", object_id=str(household.pk), detail__what="support_contact").exists()


def test_it_refuses_a_future_date_next_to_the_field(client_for, social_worker, crisis):
    household = housed(crisis, date(2024, 1, 1)).household
    response = client_for(social_worker).post(reverse("pilots:contact_quick", args=["ostrava"]), {
        "household": household.pk, "date": (timezone.localdate() + timedelta(days=2)).isoformat(), "minutes": 30, "mode": "phone",
    })
    assert response.status_code == 200
    assert 'id="date-error"' in response.content.decode()
    assert not SupportContact.objects.exists()


def test_it_does_not_offer_households_of_other_programmes(client_for, social_worker, social):
    household = housed(social, date(2024, 1, 1)).household
    page = client_for(social_worker).get(reverse("pilots:contact_quick", args=["ostrava"])).content.decode()
    assert household.code not in page
    response = client_for(social_worker).post(reverse("pilots:contact_quick", args=["ostrava"]), {
        "household": household.pk, "date": "2024-02-01", "minutes": 30, "mode": "phone",
    })
    assert response.status_code == 200
    assert not SupportContact.objects.exists()


def test_it_goes_back_to_the_household_when_opened_from_its_page(client_for, social_worker, crisis):
    household = housed(crisis, date(2024, 1, 1)).household
    url = reverse("pilots:contact_quick", args=["ostrava"]) + f"?household={household.pk}"
    response = client_for(social_worker).post(url, {
        "household": household.pk, "date": timezone.localdate().isoformat(), "minutes": 30, "mode": "phone",
    })
    assert response["Location"] == household.get_absolute_url()
