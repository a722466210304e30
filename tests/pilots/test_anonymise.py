"""Acceptance 5: anonymisation removes identifying data and keeps the report figures."""

from datetime import date

import pytest
from django.core.management import call_command

from pilots import services
from pilots.indicators import compute
from pilots.models import Exit, HouseholdIdentity, SupportContact
from portal.models import AuditEntry

from .factories import IdentityFactory, housed

pytestmark = pytest.mark.django_db


def test_it_anonymises_only_households_past_retention_and_keeps_the_figures(crisis, writer, social_worker):
    old = housed(crisis, date(2016, 7, 1), exit_on=date(2017, 1, 1), reason=Exit.Reason.COMPLETED)
    recent = housed(crisis, date(2016, 7, 1), exit_on=date(2023, 6, 1), reason=Exit.Reason.NON_PAYMENT, destination="homeless")
    current = housed(crisis, date(2016, 7, 1))
    for p in (old, recent, current):
        IdentityFactory(household=p.household, name=f"Skutečné Jméno {p.pk}")
        SupportContact.objects.create(household=p.household, programme=crisis, worker=social_worker, date=date(2016, 8, 1),
                                      minutes=60, mode="home_visit", note="Paní Jméno má dluh u ČEZ")
    report = services.evaluation_create(programme=crisis, actor=writer, title="Evaluace 2017", as_of=date(2017, 6, 30))
    report.refresh_from_db()
    frozen = report.snapshot  # as stored (JSON)
    figures_before = [i.as_dict() for i in compute(crisis, as_of=date(2017, 6, 30))]

    call_command("anonymise_households", today="2024-12-31")

    assert not HouseholdIdentity.objects.filter(household=old.household).exists()
    assert SupportContact.objects.get(household=old.household).note == ""
    old.household.refresh_from_db()
    assert old.household.anonymised_at is not None
    assert HouseholdIdentity.objects.filter(household__in=[recent.household, current.household]).count() == 2
    report.refresh_from_db()
    assert report.snapshot == frozen
    assert [i.as_dict() for i in compute(crisis, as_of=date(2017, 6, 30))] == figures_before
    assert AuditEntry.objects.filter(action=AuditEntry.Action.ANONYMISE, object_id=str(old.household_id)).count() == 1
    assert not AuditEntry.objects.filter(object_repr__contains="Jméno").exists()

    call_command("anonymise_households", today="2024-12-31")  # twice is harmless
    assert AuditEntry.objects.filter(action=AuditEntry.Action.ANONYMISE).count() == 1


def test_it_uses_the_programmes_retention_period(crisis):
    crisis.retention_years = 10
    crisis.save()
    old = housed(crisis, date(2016, 7, 1), exit_on=date(2017, 1, 1))
    IdentityFactory(household=old.household)
    assert services.households_due_for_anonymisation(date(2024, 12, 31)) == []
    assert services.households_due_for_anonymisation(date(2027, 1, 1)) == [old.household]


def test_it_runs_as_a_task_for_the_beat_schedule(crisis):
    from pilots.tasks import anonymise_due_households

    old = housed(crisis, date(2010, 1, 1), exit_on=date(2010, 6, 1))
    IdentityFactory(household=old.household)
    assert anonymise_due_households.delay().get() == 1
    assert anonymise_due_households.delay().get() == 0
    assert not HouseholdIdentity.objects.exists()
