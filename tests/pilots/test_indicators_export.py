"""The outcome indicators as XLSX and CSV: aggregates only, small counts hidden for whoever sees
aggregates only, decided by the requester's rights and baked into the file."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pilots.indicators import hidden_text
from pilots.models import Exit
from portal.models import Job

from .factories import IdentityFactory, housed

AS_OF = date(2025, 1, 31)


@pytest.fixture
def programme(crisis):
    """12 households: cohort 1 has 6 (2 evicted), cohort 2 has 6; one of cohort 2 has arrears."""
    for n in range(12):
        placement = housed(
            crisis, date(2024, 1, 1), cohort=1 + n % 2,
            exit_on=date(2024, 5, 1) if n in (0, 2) else None, reason=Exit.Reason.NON_PAYMENT,
            destination=Exit.Destination.HOMELESS,
        )
        IdentityFactory(household=placement.household, name=f"Identita Tajná{n}")
    return crisis


def _export(client, programme, fmt, capture):
    with capture(execute=True):
        response = client.post(
            reverse("pilots:indicators_export", args=["ostrava", programme.pk]), {"format": fmt, "as_of": AS_OF.isoformat()}
        )
    job = Job.objects.latest("created_at")
    assert response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE, job.message
    return job, b"".join(client.get(reverse("job_download", args=[job.pk])).streaming_content)


def _rows(sheet):
    return {row[0]: row for row in sheet.iter_rows(min_row=7, values_only=True) if row[0]}


@pytest.mark.django_db
def test_it_exports_xlsx_per_programme_and_cohort_with_full_counts_for_the_gestor(
    client_for, gestor, programme, django_capture_on_commit_callbacks
):
    job, content = _export(client_for(gestor), programme, "xlsx", django_capture_on_commit_callbacks)

    workbook = load_workbook(io.BytesIO(content))
    assert len(workbook.sheetnames) == 3  # all cohorts, cohort 1, cohort 2
    overall, cohort1 = (_rows(workbook[name]) for name in workbook.sheetnames[:2])
    # key, label, numerator, denominator, value, unit, definition
    assert overall["retention_12"][2:5] == (10, 12, pytest.approx(10 / 12))
    assert overall["eviction_rate"][2] == 2
    assert cohort1["retention_12"][2:5] == (4, 6, pytest.approx(4 / 6))
    assert "12" in cohort1["retention_12"][6] and len(cohort1["retention_12"][6]) > 80  # the definition in words
    assert workbook[workbook.sheetnames[0]]["A1"].value == programme.name
    assert job.private and job.params["suppress"] is False


@pytest.mark.django_db
def test_it_shows_small_counts_as_under_5_in_a_consultants_file_and_hides_their_values(
    client_for, consultant, programme, django_capture_on_commit_callbacks
):
    job, content = _export(client_for(consultant), programme, "xlsx", django_capture_on_commit_callbacks)

    assert job.params["suppress"] is True
    workbook = load_workbook(io.BytesIO(content))
    overall, cohort1 = (_rows(workbook[name]) for name in workbook.sheetnames[:2])
    assert overall["eviction_rate"][2] == "<5"
    # 10 of 12 retained would tell that 2 were not: the numerator and the share go too
    assert overall["retention_12"][2:5] == (hidden_text(), 12, hidden_text())
    assert overall["served"][2:5] == (12, 30, pytest.approx(12 / 30))
    assert cohort1["retention_12"][2] == "<5" and cohort1["retention_12"][4] == hidden_text()
    assert workbook[workbook.sheetnames[0]]["A4"].value  # the note on hidden counts


@pytest.mark.django_db
def test_it_bakes_the_suppression_into_the_file_whoever_downloads_it(
    client_for, consultant, gestor, programme, django_capture_on_commit_callbacks
):
    """The gestor's full file is private; the consultant cannot fetch it by its address."""
    job, _content = _export(client_for(gestor), programme, "csv", django_capture_on_commit_callbacks)
    assert client_for(consultant).get(reverse("job_download", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_it_exports_csv_with_numerator_denominator_value_and_definition_and_no_household(
    client_for, consultant, programme, django_capture_on_commit_callbacks
):
    _job, content = _export(client_for(consultant), programme, "csv", django_capture_on_commit_callbacks)

    text = content.decode("utf-8-sig")
    assert content.startswith("\ufeff".encode())  # Excel opens it as UTF-8
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert len(header) == 8
    by_scope_key = {(r[0], r[1]): r for r in body}
    overall = [r for r in body if r[1] == "retention_12"][0]
    assert overall[3:6] == [hidden_text(), "12", hidden_text()]  # 2 not retained would be derivable
    served = [r for r in body if r[1] == "served"][0]
    assert served[3:6] == ["12", "30", "40"]  # Czech dialect: decimal comma (40,0 → 40)
    assert any(r[1] == "retention_12" and r[3] == "<5" and r[5] == hidden_text() for r in body)
    assert len({scope for scope, _key in by_scope_key}) == 3
    for household in programme.households.all():
        assert household.code not in text
    assert "Tajná" not in text


@pytest.mark.django_db
def test_it_requires_login_hides_other_municipalities_and_refuses_partners(
    client, client_for, outsider, partner, programme
):
    url = reverse("pilots:indicators_export", args=["ostrava", programme.pk])
    assert client.post(url, {"format": "xlsx"}).status_code == 302
    assert client_for(outsider).post(url, {"format": "xlsx"}).status_code == 404
    assert client_for(partner).post(url, {"format": "xlsx"}).status_code == 403
    assert client_for(partner).get(url).status_code == 405
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_it_refuses_an_unknown_format(client_for, gestor, programme):
    response = client_for(gestor).post(reverse("pilots:indicators_export", args=["ostrava", programme.pk]), {"format": "pdf"})
    assert response.status_code == 302 and response["Location"] == programme.get_absolute_url()
    assert not Job.objects.exists()


@pytest.mark.celery_worker
def test_it_builds_the_file_in_the_real_worker(celery_worker, client_for, consultant, programme, job_finished):
    client = client_for(consultant)
    client.post(reverse("pilots:indicators_export", args=["ostrava", programme.pk]), {"format": "xlsx", "as_of": AS_OF.isoformat()})
    job = job_finished(Job.objects.get())
    assert job.status == Job.Status.DONE, job.message
    workbook = load_workbook(io.BytesIO(b"".join(client.get(reverse("job_download", args=[job.pk])).streaming_content)))
    assert _rows(workbook[workbook.sheetnames[0]])["eviction_rate"][2] == "<5"
