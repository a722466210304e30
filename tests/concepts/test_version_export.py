"""Acceptance 4: the PDF and DOCX of the demo version, built by a Celery task, cached per version."""

from __future__ import annotations

import re
from io import BytesIO

import pytest

from concepts.models import Version
from portal.models import Job


def _load_demo():
    from concepts import demo as concepts_demo
    from portal import demo as portal_demo

    ctx = portal_demo.load()
    concepts_demo.load(ctx)
    return ctx


def _export(client, version, fmt) -> Job:
    concept = version.concept
    response = client.post(f"/m/{concept.municipality.slug}/concept/{concept.pk}/versions/{version.number}/export/{fmt}/")
    assert response.status_code == 302
    job = Job.objects.get(cache_key=f"concept-version-{fmt}:{version.pk}")
    assert response["Location"] == job.get_absolute_url()
    return job


def _download(client, job) -> bytes:
    response = client.get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def _check_pdf(data: bytes, version: Version, pdf_text):
    text = pdf_text(data)
    flat = re.sub(r"(\w)[-\u00ad\u2010] (\w)", r"\1\2", " ".join(text.split()))  # undo line-end hyphenation
    assert version.title in flat
    headings = [f"{s.number} {s.title}" for s in version.sections.exclude(number="").order_by("order")]
    assert "1 Úvod, teoretický rámec a metodologie" in headings and "1.1.1" in " ".join(headings)
    for heading in headings:
        assert flat.count(heading) >= 2, heading  # in the contents and as the heading
    # The table of contents: each entry followed by its page number.
    toc = re.search(r"1 Úvod, teoretický rámec a metodologie[ .]*?(\d+)\s*\n", text)
    assert toc, text[:2000]
    assert int(toc.group(1)) >= 3  # after the title page and the contents
    assert "Úřad práce ČR, NNO" in text  # a measure's details table


def _check_docx(data: bytes, version: Version):
    from docx import Document

    document = Document(BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    expected = [f"{s.number} {s.title}".strip() for s in version.sections.order_by("order")]
    assert headings == expected
    assert document.tables, "measures are tables"


@pytest.mark.usefixtures("celery_worker")
def test_a_real_worker_builds_the_demo_pdf_and_reuses_it(client_for, pdf_text, settings, job_finished):
    ctx = _load_demo()
    version = ctx["concept_versions"]["ostrava"][-1]
    client = client_for(ctx["users"]["gestor.ostrava"])
    job = job_finished(_export(client, version, "pdf"))
    assert job.status == Job.Status.DONE, job.message
    _check_pdf(_download(client, job), version, pdf_text)
    again = _export(client_for(ctx["users"]["konzultant"]), version, "pdf")
    assert again.pk == job.pk and again.status == Job.Status.DONE
    assert Job.objects.filter(kind="concept-version-pdf").count() == 1

    docx_job = job_finished(_export(client, version, "docx"))
    assert docx_job.status == Job.Status.DONE, docx_job.message
    _check_docx(_download(client, docx_job), version)


def test_the_pdf_and_docx_in_process(client_for, pdf_text, db, django_capture_on_commit_callbacks):
    ctx = _load_demo()
    version = ctx["concept_versions"]["ostrava"][0]
    client = client_for(ctx["users"]["metodik.ostrava"])
    with django_capture_on_commit_callbacks(execute=True):
        job = _export(client, version, "pdf")
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    _check_pdf(_download(client, job), version, pdf_text)
    assert _export(client, version, "pdf").pk == job.pk
    with django_capture_on_commit_callbacks(execute=True):
        docx_job = _export(client, version, "docx")
    docx_job.refresh_from_db()
    _check_docx(_download(client, docx_job), version)


def test_export_is_hidden_from_partners_and_outsiders(client_for, db):
    ctx = _load_demo()
    version = ctx["concept_versions"]["ostrava"][0]
    url = f"/m/ostrava/concept/{version.concept_id}/versions/{version.number}/export/pdf/"
    assert client_for(ctx["users"]["nno.kladno"]).post(url).status_code == 404
    assert client_for(ctx["users"]["gestor.kladno"]).post(url).status_code == 404
    assert client_for(ctx["users"]["nno.ostrava"]).post(url).status_code == 404
    assert not Job.objects.exists()
