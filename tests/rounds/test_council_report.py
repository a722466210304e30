"""Acceptance 3: the council's report of the demo's settled round, built by a real worker as PDF
and DOCX; the text names both disputes with their outcomes and each rejected essential comment's
organisation. (Without a broker the same builders run in-process in the second test.)"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from concepts.rounds.council_report import council_report
from concepts.rounds.models import Comment, Round, Settlement
from portal.models import Job
from tests.conftest import poll


def _run(client, round, fmt, capture=None) -> bytes:
    with capture(execute=True) if capture else transaction.atomic():
        response = client.post(reverse("rounds:council_report", args=[round.municipality.slug, round.pk, fmt]))
    assert response.status_code == 302
    job = Job.objects.filter(kind=f"council_report_{fmt}").latest("created_at")
    poll(lambda: job.refresh_from_db() or job.is_finished, timeout=60, what=f"the {fmt} report")
    assert job.status == Job.Status.DONE, job.message
    return job.file.read()


def _docx_text(data: bytes) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def _flat(text: str) -> str:
    return " ".join(text.replace("\u2010\n", "").replace("-\n", "").split())


def _check(text: str, round: Round) -> None:
    disputes = [c for c in Comment.objects.filter(round=round).select_related("settlement", "organisation")
                if hasattr(c, "settlement") and c.settlement.is_dispute]
    assert len(disputes) == 2
    with translation.override("cs"):
        for c in disputes:
            assert _flat(c.text)[:60] in text
            assert str(c.settlement.get_dispute_result_display()) in text
            assert _flat(c.settlement.dispute_note)[:50] in text
        rejected = Comment.objects.filter(round=round, kind="essential", is_public=False,
                                          settlement__outcome=Settlement.Outcome.NOT_ACCEPTED).select_related("organisation")
        assert rejected.exists()
        for c in rejected:
            assert c.organisation.name in text
            assert _flat(c.settlement.justification)[:50] in text


def _client(username):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.celery_worker
def test_a_real_worker_builds_the_report_of_the_demo_round(celery_worker, pdf_text):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    round = Round.objects.get(municipality__slug="ostrava", status=Round.Status.PUBLISHED)
    client = _client("gestor.ostrava")
    _check(_flat(pdf_text(_run(client, round, "pdf"))), round)
    _check(_flat(_docx_text(_run(client, round, "docx"))), round)


@pytest.mark.django_db
def test_the_report_in_process_names_disputes_and_rejected_essentials(pdf_text, django_capture_on_commit_callbacks):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    round = Round.objects.get(municipality__slug="ostrava", status=Round.Status.PUBLISHED)
    client = _client("gestor.ostrava")
    capture = django_capture_on_commit_callbacks
    _check(_flat(pdf_text(_run(client, round, "pdf", capture))), round)
    _check(_flat(_docx_text(_run(client, round, "docx", capture))), round)
    report = council_report(round)
    # Figures with their denominators, checked by hand against the demo's table of comments.
    assert report.public_total == 3
    assert len(report.disputes) == 2 and len(report.rejected_essential) == 2
    assert report.rejected_recommendations == 2 and report.recommendations == 30  # 30 "R" rows of demo.COMMENTS, 2 of them "N"
    assert len(report.invited) == 8 and report.declared_none and not report.silent


@pytest.mark.django_db
def test_only_the_gestor_asks_for_it_and_only_when_settled(client_for, writer, gestor, open_round, outsider):
    url = reverse("rounds:council_report", args=[open_round.municipality.slug, open_round.pk, "pdf"])
    assert client_for(writer).post(url).status_code == 403
    assert client_for(outsider).post(url).status_code == 404
    client_for(gestor).post(url)
    assert not Job.objects.exists()
