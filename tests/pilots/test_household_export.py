"""Right of access: one household's data, private to the requester, logged."""

import json

import pytest
from django.urls import reverse

from portal.models import AuditEntry, Job

pytestmark = pytest.mark.django_db


def test_it_exports_json_with_identity_for_the_assigned_worker_only(
    client_for, social_worker, gestor, crisis_household, django_capture_on_commit_callbacks
):
    client = client_for(social_worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pilots:household_export", args=["ostrava", crisis_household.pk]), {"format": "json"})
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.private and job.status == Job.Status.DONE
    data = json.loads(b"".join(client.get(reverse("job_download", args=[job.pk])).streaming_content))
    assert data["household"][0]["code"] == crisis_household.code
    assert data["identity"][0]["name"] == "Jana Dvořáčková"
    assert AuditEntry.objects.filter(action="export", object_id=str(crisis_household.pk)).exists()
    assert client_for(gestor).get(reverse("job_download", args=[job.pk])).status_code == 404  # private


def test_it_exports_xlsx_without_identity_for_the_gestor(client_for, gestor, crisis_household, django_capture_on_commit_callbacks):
    import io

    from openpyxl import load_workbook

    client = client_for(gestor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pilots:household_export", args=["ostrava", crisis_household.pk]), {"format": "xlsx"})
    job = Job.objects.get()
    workbook = load_workbook(io.BytesIO(b"".join(client.get(reverse("job_download", args=[job.pk])).streaming_content)))
    assert "identity" not in workbook.sheetnames
    assert workbook["household"]["A2"].value == crisis_household.code
