"""The chart of a cited dataset in a chapter: on the chapter's page and in the concept PDF, whose
extracted text contains the chart's table."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from analytics.datasets.services import dataset_import_run, dataset_upload_preview
from analytics.models import DatasetCitation, DatasetUpload, Layout
from concepts.exports import build_version_pdf
from concepts.models import Section, SectionKind, Version
from concepts.services import version_freeze
from portal.models import Job
from portal.pdf import pdf_support
from tests.concepts.factories import ConceptFactory

FILE = b"uzemi_kod;uzemi_txt;rok;hodnota\n554821;Ostrava;2023;284 765\n554821;Ostrava;2024;283 187\n"


@pytest.fixture
def cited(ostrava, writer):
    concept = ConceptFactory(municipality=ostrava)
    chapter = Section.objects.create(concept=concept, kind=SectionKind.CHAPTER, title="Sociodemografická analýza",
                                     body="Počet obyvatel klesá.", position=0, number="1")
    upload = dataset_upload_preview(municipality=ostrava, actor=writer, upload_file=SimpleUploadedFile("o.csv", FILE),
                                    title="Obyvatelé", source="ČSÚ", reference_date=date(2024, 12, 31),
                                    layout=Layout.CZSO)
    DatasetUpload.objects.filter(pk=upload.pk).update(status=DatasetUpload.Status.QUEUED)
    dataset_import_run(upload.pk)
    upload.refresh_from_db()
    DatasetCitation.objects.create(version=upload.version, section=chapter, title="Počet obyvatel Ostravy",
                                   measure="hodnota", territory_code="554821")
    return concept, chapter


@pytest.mark.django_db
def test_the_chapter_page_embeds_the_chart_and_its_table(cited, writer, client_for):
    concept, chapter = cited
    html = client_for(writer).get(chapter.get_absolute_url()).content.decode()
    assert "<title id=" in html and ">Počet obyvatel Ostravy</title>" in html
    assert "283,187" in html or "283\xa0187" in html


@pytest.mark.django_db
def test_the_concept_pdf_contains_the_charts_table(cited, writer, pdf_text, settings):
    if not pdf_support()[0]:
        pytest.skip("WeasyPrint is not available")
    settings.LANGUAGE_CODE = "cs"  # the concept PDF is typeset in the portal's language
    concept, _chapter = cited
    version_freeze(concept=concept, actor=writer, label="v1", steering_approved_on=date(2025, 1, 10),
                   approval_note="zápis ŘS 1/2025")
    version = Version.objects.get(concept=concept)
    job = Job.objects.create(kind="t", title="t", task_name="t", permission="concepts.view_concept",
                             target_type=ContentType.objects.get_for_model(Version), target_id=str(version.pk))
    _name, content, _type = build_version_pdf(job, lambda *a: None)
    text = " ".join(pdf_text(content).split())
    assert "Počet obyvatel Ostravy" in text
    assert "2023 284 765 2024 283 187" in text.replace("\xa0", " ")  # the table's rows, as Czech writes them
