"""The monitoring report: a dated snapshot, then a PDF with cover, contents, page numbers and figures."""

import re

import pytest
from django.urls import reverse

from analytics.models import ReportSnapshot
from analytics.report import render_report, report_snapshot_create
from portal.models import Job
from tests.analytics.agency import attend, conference, cooperation, criterion, event
from tests.conftest import poll


@pytest.fixture
def agency_world(world):
    coop = cooperation(world.ostrava, manager="Hana Králová")
    criterion(coop, t0=1, t24=3)
    cooperation(world.kladno, manager="Jiří Beneš")
    forum = event(hours="16", title="Fórum sociálního začleňování")
    attend(forum, world.ostrava, "15", name="Hana Králová")
    attend(forum, world.kladno, "6", name="Jiří Beneš")
    attend(conference(title="Konference pro MMR"), world.ostrava, "4", name="Hana Králová")
    return world


def test_it_renders_one_municipality_with_cover_contents_and_page_numbers(agency_world, consultant, pdf_text, settings):
    settings.LANGUAGE_CODE = "cs"
    snapshot = report_snapshot_create(actor=consultant, municipalities=[agency_world.ostrava], single=agency_world.ostrava)
    text = pdf_text(render_report(snapshot))
    assert "Monitorovací zpráva" in text and "Ostrava" in text and "Obsah" in text
    assert re.search(r"2 / \d+", text)  # page numbers "n / total"
    assert "Hana Králová" in text and "Fórum sociálního začleňování" in text


def test_it_renders_all_municipalities_with_each_targets_numerator_and_denominator(agency_world, consultant, pdf_text):
    snapshot = report_snapshot_create(actor=consultant, municipalities=[agency_world.kladno, agency_world.ostrava])
    text = pdf_text(render_report(snapshot))
    for name in ("Ostrava", "Kladno"):
        assert name in text
    for t in snapshot.data["targets"]:
        assert f"{t['label']}: {t['part']} / {t['total']}" in " ".join(text.split())
    competence = snapshot.data["targets"][0]
    assert (competence["part"], competence["total"]) == (1, 2)  # Ostrava 1 → 3; Kladno has no criterion


def test_it_renders_again_the_same_figures_from_the_snapshot(agency_world, consultant, pdf_text):
    snapshot = report_snapshot_create(actor=consultant, municipalities=[agency_world.ostrava], single=agency_world.ostrava)
    first = pdf_text(render_report(snapshot))
    attend(event(hours="10", title="Pozdější workshop"), agency_world.ostrava, "10", name="Hana Králová")
    again = pdf_text(render_report(ReportSnapshot.objects.get(pk=snapshot.pk)))
    assert first == again and "Pozdější workshop" not in again


def test_it_hides_small_pilot_counts_from_a_consultant_but_not_from_the_gestor(agency_world, consultant, gestor):
    for_consultant = report_snapshot_create(actor=consultant, municipalities=[agency_world.ostrava])
    for_gestor = report_snapshot_create(actor=gestor, municipalities=[agency_world.ostrava])
    assert for_consultant.data["municipalities"][0]["pilots"]["housed"] == "<5"
    assert for_gestor.data["municipalities"][0]["pilots"]["housed"] == "3"


def test_it_starts_a_job_with_progress_and_a_permission_checked_download(
    client_for, agency_world, consultant, kladno_gestor, django_capture_on_commit_callbacks
):
    client = client_for(consultant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("analytics:report", args=["ostrava"]))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE and job.content_type == "application/pdf"  # in-process in tests
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 200
    assert client_for(kladno_gestor).get(reverse("job_download", args=[job.pk])).status_code == 404


def test_it_refuses_the_report_to_a_partner_with_404(client_for, agency_world, partner):
    assert client_for(partner).post(reverse("analytics:report", args=["ostrava"])).status_code == 404
    assert client_for(partner).post(reverse("consultant:report")).status_code == 404
    assert not Job.objects.exists()


@pytest.mark.celery_worker
def test_a_real_worker_makes_the_report_for_one_and_for_all(celery_worker, client_for, agency_world, consultant, pdf_text):
    from django.db import transaction

    client = client_for(consultant)
    with transaction.atomic():
        client.post(reverse("analytics:report", args=["ostrava"]))
    with transaction.atomic():
        client.post(reverse("consultant:report"))
    poll(lambda: not Job.objects.exclude(status__in=[Job.Status.DONE, Job.Status.FAILED]).exists(),
         timeout=180, every=0.5, what="the worker to finish the reports")
    one, everything = Job.objects.order_by("created_at")
    assert (one.status, everything.status) == (Job.Status.DONE, Job.Status.DONE)
    text_one = pdf_text(one.file.read())
    text_all = " ".join(pdf_text(everything.file.read()).split())
    assert "Ostrava" in text_one and re.search(r"\d / \d", text_one)
    assert "Ostrava" in text_all and "Kladno" in text_all and re.search(r"\d / \d", text_all)
    snapshot = ReportSnapshot.objects.get(pk=everything.params["snapshot"])
    for t in snapshot.data["targets"]:
        assert f"{t['label']}: {t['part']} / {t['total']}" in text_all
