"""Defect 2: the evaluation comes in two versions from one frozen snapshot — internal (full
figures) and external (suppressed) — and its chart marks hidden values as hidden, never as 0,
and fits the page width."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from pilots import access, reports, services
from pilots.models import EvaluationReport, Exit, Programme
from portal.models import Job

from .factories import housed


def _programme(crisis):
    """Cohort 1: 10 housed a year ago, 9 still there at 6 and 12 months (1 left: a small count)."""
    for n in range(10):
        exit_on = date(2024, 4, 1) if n == 0 else None
        housed(crisis, date(2024, 1, 1), cohort=1, exit_on=exit_on, reason=Exit.Reason.ABANDONED, destination=Exit.Destination.UNKNOWN)
    for _ in range(3):
        housed(crisis, date(2024, 7, 1), cohort=2)
    return crisis


def _tables(report, external):
    return reports.snapshot_tables(report.snapshot, external=external)


def _row(tables, key, t=0):
    return {r["indicator"].key: r for r in tables[t][1]}[key]


@pytest.mark.django_db
def test_both_versions_come_from_one_frozen_snapshot(crisis, writer):
    report = services.evaluation_create(programme=_programme(crisis), actor=writer, title="Evaluace", as_of=date(2025, 3, 31))
    internal, external = _tables(report, False), _tables(report, True)
    # 12 of 13 at 6 months (cohort 1: 9 of 10, cohort 2: 3 of 3): the internal version shows it
    assert _row(internal, "retention_6")["value"] == "92,3 %"
    assert _row(external, "retention_6")["hidden"]  # 1 not retained would be readable: hidden outside
    assert _row(internal, "served", 2)["numerator"] == "3" and _row(external, "served", 2)["numerator"] == "<5"


@pytest.mark.django_db
def test_the_chart_marks_hidden_values_as_hidden_never_as_zero_and_fits_the_page(crisis, writer):
    report = services.evaluation_create(programme=_programme(crisis), actor=writer, title="Evaluace", as_of=date(2025, 3, 31))
    with translation.override("cs"):
        tables = _tables(report, True)
        svg = reports.cohort_chart_svg(tables)
        hidden = translation.gettext("hidden")
    assert "<title>" in svg and "<desc>" in svg
    desc = re.search(r"<desc>(.*?)</desc>", svg, re.S).group(1)
    retention = _row(tables, "retention_6")
    assert retention["hidden"] and f"{retention['indicator'].label} {hidden}" in desc  # not "0,0 %"
    assert hidden in svg  # drawn as a word on the chart
    width = float(re.search(r'<svg[^>]*width="([\d.]+)pt"', svg).group(1))
    assert width <= 174 / 25.4 * 72  # the text width of an A4 page with the PDF's 18 mm margins


@pytest.mark.django_db
def test_the_programmes_coordinator_reads_the_internal_version_and_the_consultant_the_external(crisis, coordinator, consultant, writer, member):
    assert access.evaluation_version(coordinator, crisis) == access.INTERNAL
    assert access.evaluation_version(writer, crisis) == access.INTERNAL
    assert access.evaluation_version(consultant, crisis) == access.EXTERNAL
    assert access.evaluation_version(member, crisis) == access.EXTERNAL
    report = services.evaluation_create(programme=crisis, actor=writer, title="Evaluace", as_of=date(2025, 3, 31))
    with pytest.raises(Exception):  # noqa: B017 — the consultant cannot ask for the internal version
        services.evaluation_pdf_start(report=report, actor=consultant, version=access.INTERNAL)


@pytest.mark.django_db
def test_an_external_reader_sees_approved_reports_only(client_for, crisis, writer, consultant):
    draft = services.evaluation_create(programme=crisis, actor=writer, title="Koncept", as_of=date(2025, 3, 31))
    client = client_for(consultant)
    assert client.get(draft.get_absolute_url()).status_code == 404
    services.evaluation_approve(report=draft, actor=writer)
    page = client.get(draft.get_absolute_url())
    assert page.status_code == 200 and page.context["is_internal"] is False



@pytest.mark.celery_worker
def test_a_real_worker_builds_both_versions_of_the_demos_crisis_evaluation(celery_worker, client_for, pdf_text, job_finished):
    """CI: the demo's crisis programme; the internal PDF has numeric retention at 6 and 12 months,
    the external one hides every count under 5 and nothing derivable; neither draws a hidden 0."""
    from pilots import demo
    from portal import demo as portal_demo

    ctx = portal_demo.load()
    demo.load(ctx)
    crisis = Programme.objects.get(name=demo.CRISIS)
    report = EvaluationReport.objects.filter(programme=crisis).order_by("pk").first()
    writer = ctx["users"]["metodik.ostrava"]
    client = client_for(writer)
    texts = {}
    for action in ("pdf", "pdf-external"):
        client.post(reverse("pilots:evaluation_action", args=["ostrava", report.pk, action]))
        job = job_finished(Job.objects.order_by("-created_at").first(), timeout=90)
        assert job.status == Job.Status.DONE, job.message
        texts[action] = pdf_text(b"".join(client.get(reverse("job_download", args=[job.pk])).streaming_content))
    with translation.override("cs"):
        retention = {n: translation.gettext("Retention at %(n)s months") % {"n": n} for n in (6, 12)}
        hidden = translation.gettext("hidden")
    internal, external = texts["pdf"], texts["pdf-external"]
    for label in retention.values():
        line = next(line for line in internal.splitlines() if line.startswith(label))
        assert re.search(r"\d+,\d %", line), line  # a number, not "–"
    assert "Interní verze" in internal and "Veřejná verze" in external
    # external: no count from 1 to 4 is printed in the indicator tables (table rows end with "N D value")
    tables = reports.snapshot_tables(report.snapshot, external=True)
    for _title, rows in tables:
        for row in rows:
            for cell, raw, is_count in ((row["numerator"], row["indicator"].numerator, row["indicator"].counts[0]),
                                        (row["denominator"], row["indicator"].denominator, row["indicator"].counts[1])):
                if is_count and raw is not None and 0 < raw < 5:
                    assert cell in ("<5", hidden)
    assert hidden in external or "<5" in external
