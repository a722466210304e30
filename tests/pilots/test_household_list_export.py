"""The pseudonymous household list as XLSX for the evaluation: codes only, logged, private."""

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from pilots.models import Exit
from portal.models import AuditEntry, Job

from .factories import IdentityFactory, housed

pytestmark = pytest.mark.django_db


@pytest.fixture
def households(crisis, social):
    crisis_placement = housed(crisis, date(2024, 1, 1), cohort=1, exit_on=date(2024, 6, 1), reason=Exit.Reason.MOVED_UP)
    Exit.objects.filter(placement=crisis_placement).update(note="Paní Tajemná Nováková se přestěhovala k sestře.")
    IdentityFactory(household=crisis_placement.household, name="Tajemná Nováková", phone="+420 603 111 222", email="t@example.cz")
    social_placement = housed(social, date(2024, 2, 1))
    IdentityFactory(household=social_placement.household, name="Skrytý Bártek")
    return crisis_placement.household, social_placement.household


def _export(client, capture, **filters):
    with capture(execute=True):
        response = client.post(reverse("pilots:household_list_export", args=["ostrava"]), filters)
    job = Job.objects.latest("created_at")
    assert response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE, job.message
    content = b"".join(client.get(reverse("job_download", args=[job.pk])).streaming_content)
    return job, load_workbook(io.BytesIO(content))


def _all_text(workbook) -> str:
    return "\n".join(
        str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row if value is not None
    )


def test_it_exports_codes_and_coded_fields_without_identity_or_notes(
    client_for, coordinator, households, django_capture_on_commit_callbacks
):
    crisis_household, social_household = households
    job, workbook = _export(client_for(coordinator), django_capture_on_commit_callbacks)

    assert workbook.sheetnames == ["Domácnosti", "Doporučení", "Umístění", "Číselník"]
    households_sheet, _referrals, placements, codebook = workbook.worksheets
    codes = [row[0] for row in households_sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(codes) == sorted([crisis_household.code, social_household.code])
    header = [c.value for c in placements[1]]
    exited = [dict(zip(header, row, strict=True)) for row in placements.iter_rows(min_row=2, values_only=True)
              if row[0] == crisis_household.code][0]
    with translation.override("cs"):
        reason, exit_date = str(Exit._meta.get_field("reason").verbose_name), str(Exit._meta.get_field("exit_date").verbose_name)
        moved_up = str(Exit.Reason.MOVED_UP.label)
    assert exited[reason] == moved_up and exited[exit_date].date() == date(2024, 6, 1)
    assert "moved_up" not in [v for row in placements.iter_rows(min_row=2, values_only=True) for v in row]
    rows = list(codebook.iter_rows(min_row=2, values_only=True))
    assert ("Umístění", reason, "moved_up", moved_up) in rows
    text = _all_text(workbook)
    for secret in ("Tajemná", "Nováková", "603 111", "t@example.cz", "Skrytý", "Bártek", "Nádražní"):
        assert secret not in text
    assert job.private


def test_it_leaves_an_audit_entry_with_the_exported_codes(client_for, coordinator, households, django_capture_on_commit_callbacks):
    _export(client_for(coordinator), django_capture_on_commit_callbacks)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT, detail__what="household_list")
    assert entry.actor == coordinator and entry.detail["what"] == "household_list"
    assert sorted(entry.detail["codes"]) == sorted(h.code for h in households)


def test_it_exports_only_the_social_workers_programmes(
    client_for, social_worker, households, crisis, django_capture_on_commit_callbacks
):
    crisis_household, social_household = households
    _job, workbook = _export(client_for(social_worker), django_capture_on_commit_callbacks, programme="", stage="")
    codes = [row[0] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert codes == [crisis_household.code]


def test_it_applies_the_lists_filters(client_for, gestor, households, social, django_capture_on_commit_callbacks):
    _job, workbook = _export(client_for(gestor), django_capture_on_commit_callbacks, programme=str(social.pk))
    codes = [row[0] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert codes == [households[1].code]


def test_it_refuses_a_programme_the_worker_is_not_assigned_to(client_for, social_worker, households, social):
    response = client_for(social_worker).post(
        reverse("pilots:household_list_export", args=["ostrava"]), {"programme": str(social.pk)}
    )
    assert response.status_code == 302 and not Job.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_the_file_is_the_requesters_alone(client_for, coordinator, gestor, households, django_capture_on_commit_callbacks):
    job, _workbook = _export(client_for(coordinator), django_capture_on_commit_callbacks)
    assert client_for(gestor).get(reverse("job_download", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["consultant", "partner", "member", "writer", "outsider"])
def test_it_is_hidden_from_everyone_without_household_access(client_for, request, persona, households):
    response = client_for(request.getfixturevalue(persona)).post(reverse("pilots:household_list_export", args=["ostrava"]))
    assert response.status_code == 404
    assert not Job.objects.exists()


def test_it_requires_login(client):
    response = client.post(reverse("pilots:household_list_export", args=["ostrava"]))
    assert response.status_code == 302 and "login" in response["Location"]
