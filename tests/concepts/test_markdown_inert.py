"""Acceptance 5: Markdown with <script> or a javascript: link is inert on the page and in the PDF."""

from datetime import date

from concepts.exports import build_version_pdf
from concepts.models import Section
from concepts.services import section_update, version_freeze

EVIL = (
    "Úvodní text.\n\n<script>alert('xss')</script>\n\n"
    "[klikni](javascript:alert(1)) a <a href=\"javascript:alert(2)\" onclick=\"alert(3)\">odkaz</a>\n\n"
    "<img src=x onerror=alert(4)>"
)


def _evil_version(concept, writer):
    section = Section.objects.get(concept=concept, title="Popis bytového fondu")
    section_update(section=section, actor=writer, expected_version=section.edit_version, title=section.title, body=EVIL)
    return section, version_freeze(concept=concept, actor=writer, steering_approved_on=date(2026, 1, 10),
                                   approval_note="ŘT")


def _assert_inert(html: str):
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert "onclick" not in html and "onerror" not in html
    assert "Úvodní text." in html


def test_it_is_inert_on_the_section_and_version_pages(client_for, concept, writer, member):
    section, version = _evil_version(concept, writer)
    client = client_for(member)
    _assert_inert(client.get(section.get_absolute_url()).content.decode())
    _assert_inert(client.get(version.get_absolute_url()).content.decode())


def test_it_is_inert_in_the_pdf(concept, writer, pdf_text):
    _, version = _evil_version(concept, writer)

    class Job:
        target = version
        pk = "test"

    _, data, _ = build_version_pdf(Job, lambda *args: None)
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(data))
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            assert "javascript" not in str(action.get("/URI", "")).lower()
            assert action.get("/S") != "/JavaScript"
    assert "/JavaScript" not in data.decode("latin-1")
    text = pdf_text(data)
    assert "Úvodní text." in text and "klikni" in text
    assert "alert(" not in text  # the script's content is not shown as text either
