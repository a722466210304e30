"""Acceptance 4: the evaluation report PDF through the real worker; approved reports cannot change."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from pilots import services
from pilots.models import EvaluationReport
from portal.models import Job

from .factories import IdentityFactory, housed

NARRATIVE = {
    "summary": "Pilotáž **krizového bydlení** ověřila spolupráci aktérů.<script>alert(1)</script>",
    "method": "Data z portálu, rozhovory s klienty.",
    "findings": "Většina domácností udržela bydlení.",
    "recommendations": "Pokračovat v programu.",
}


def make_programme_with_households(crisis):
    for n in range(12):
        placement = housed(crisis, date(2024, 1, 1), cohort=1 + n % 2)
        IdentityFactory(household=placement.household, name=f"Identita Tajná{n}", birth_year=1980 + n)
    return crisis


@pytest.mark.celery_worker
def test_it_builds_the_pdf_in_the_real_worker_with_the_indicator_table_and_no_identity(
    celery_worker, client_for, writer, crisis, pdf_text, job_finished
):
    make_programme_with_households(crisis)
    report = services.evaluation_create(programme=crisis, actor=writer, title="Evaluace krizového bydlení", as_of=date(2025, 1, 31), **NARRATIVE)
    client = client_for(writer)

    response = client.post(reverse("pilots:evaluation_action", args=["ostrava", report.pk, "pdf"]))

    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    job = job_finished(job)
    assert job.status == Job.Status.DONE, job.message
    download = client.get(reverse("job_download", args=[job.pk]))
    raw = pdf_text(b"".join(download.streaming_content))
    # a long row label may wrap, hyphenated (WeasyPrint's U+2010 or a soft hyphen), in its cell
    text = " ".join(re.sub(r"[-\u2010\xad]\s*\n\s*", "", raw.replace("\xad", "")).split())
    with translation.override("cs"):
        retention = gettext("Retention at %(n)s months") % {"n": 12}
        cohort = gettext("Cohort %(n)s") % {"n": 1}
        numerator = gettext("Numerator")
        headings = " ".join(gettext(h) for h in ("Indicator", "Numerator", "Denominator", "Value"))
    # the column headings are whole words on one line, never hyphenated into a narrow column
    assert headings in " ".join(raw.split())
    assert "Evaluace krizového bydlení" in text
    assert retention in text and numerator in text and cohort in text
    assert "Tajná" not in text and "Identita" not in text
    assert "alert(1)" not in text


@pytest.mark.django_db
def test_it_freezes_the_figures_and_refuses_changes_after_approval(writer, crisis):
    make_programme_with_households(crisis)
    report = services.evaluation_create(programme=crisis, actor=writer, title="Evaluace", as_of=date(2025, 1, 31))
    served = next(i for i in report.snapshot["all"] if i["key"] == "served")
    assert served["numerator"] == 12
    housed(crisis, date(2024, 6, 1))  # late data: the frozen figures do not move
    report.refresh_from_db()
    assert next(i for i in report.snapshot["all"] if i["key"] == "served")["numerator"] == 12

    services.evaluation_approve(report=report, actor=writer)

    with pytest.raises(ValidationError):
        services.evaluation_update(report=report, actor=writer, expected_version=report.edit_version, fields={"summary": "změna"})
    with pytest.raises(ValidationError):
        services.evaluation_refresh(report=report, actor=writer)
    with pytest.raises(ValidationError):
        services.evaluation_approve(report=report, actor=writer)
    assert EvaluationReport.objects.get(pk=report.pk).summary == ""


@pytest.mark.django_db
def test_it_refuses_a_stale_edit(writer, crisis):
    report = services.evaluation_create(programme=crisis, actor=writer, title="Evaluace", as_of=date(2025, 1, 31))
    services.evaluation_update(report=report, actor=writer, expected_version=1, fields={"summary": "první"})
    with pytest.raises(ValidationError):
        services.evaluation_update(report=report, actor=writer, expected_version=1, fields={"summary": "druhá"})
    assert EvaluationReport.objects.get(pk=report.pk).summary == "první"


@pytest.mark.django_db
@pytest.mark.parametrize("persona,status", [("gestor", 200), ("writer", 200), ("coordinator", 200), ("consultant", 200),
                                            ("partner", 403), ("outsider", 404)])
def test_it_lets_the_programmes_coordinator_and_the_consultant_read_the_evaluation(request, client_for, crisis, persona, status):
    url = reverse("pilots:evaluation_list", args=["ostrava", crisis.pk])
    assert client_for(request.getfixturevalue(persona)).get(url).status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["coordinator", "consultant"])
def test_it_lets_only_the_methodologist_and_gestor_write_the_evaluation(request, client_for, crisis, persona):
    url = reverse("pilots:evaluation_list", args=["ostrava", crisis.pk])
    client_for(request.getfixturevalue(persona)).post(url, {"title": "Evaluace", "as_of": "2025-01-31"})
    assert not EvaluationReport.objects.exists()


@pytest.mark.django_db
def test_it_shows_an_approved_report_read_only(client_for, writer, crisis):
    report = services.evaluation_create(programme=crisis, actor=writer, title="Evaluace", as_of=date(2025, 1, 31), summary="**Shrnutí**")
    services.evaluation_approve(report=report, actor=writer)
    client = client_for(writer)
    response = client.get(report.get_absolute_url())
    assert "<strong>Shrnutí</strong>" in response.content.decode()
    assert 'name="summary"' not in response.content.decode()
    client.post(report.get_absolute_url(), {"title": "Jiný", "as_of": "2025-01-31", "edit_version": report.edit_version})
    assert EvaluationReport.objects.get(pk=report.pk).title == "Evaluace"
