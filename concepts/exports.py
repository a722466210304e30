"""Exports of a frozen version: a typeset PDF (WeasyPrint) and a Word document (python-docx).

Both are built in a Celery worker (``concepts.tasks``) from the version's frozen rows, so the
same version always gives the same document. Text typed by users is Markdown, rendered through
the sanitiser before it reaches either format.
"""

from __future__ import annotations

import html
import io
import re
from datetime import date

import nh3
from django.conf import settings
from django.utils import formats, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from analytics.embeds import charts_by_uid
from portal.markdown import render_markdown
from portal.models import Job
from portal.pdf import render_pdf_template

from .models import SectionKind, Version
from .selectors import version_sections

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _version(job: Job) -> Version:
    version = job.target
    if not isinstance(version, Version):
        raise TypeError(f"job {job.pk} does not point at a version")
    return version


def _filename(version: Version, ext: str) -> str:
    return f"{slugify(version.title)[:60] or 'koncepce'}-v{version.number}.{ext}"


def measure_rows(data: dict) -> list[tuple[str, str]]:
    """The details of a measure as (label, value) rows for a table."""
    rows = []
    responsible = ", ".join(x for x in (data.get("responsible_organisation"), data.get("responsible_person")) if x)
    if responsible:
        rows.append((_("Responsible"), responsible))
    if data.get("partners"):
        rows.append((_("Partners"), ", ".join(data["partners"])))
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts or ends:
        fmt = lambda d: formats.date_format(date.fromisoformat(d), "SHORT_DATE_FORMAT") if d else "…"  # noqa: E731
        rows.append((_("Time frame"), f"{fmt(starts)} – {fmt(ends)}"))
    if data.get("cost_czk") is not None:
        rows.append((_("Estimated cost"), f"{formats.number_format(data['cost_czk'], force_grouping=True)} Kč"))
    if data.get("funding_source_label"):
        rows.append((_("Funding source"), data["funding_source_label"]))
    for indicator in data.get("indicators", []):
        rows.append((_("Output indicator"), f"{indicator['name']}: {indicator['target']} {indicator['unit']}".strip()))
    if data.get("findings"):
        rows.append((_("Answers findings"), "; ".join(f["statement"] for f in data["findings"])))
    return rows


def build_version_pdf(job: Job, progress) -> tuple[str, bytes, str]:
    version = _version(job)
    with translation.override(settings.LANGUAGE_CODE):
        progress(10, _("Reading the version"))
        sections = version_sections(version)
        charts = charts_by_uid(version.concept_id)
        for section in sections:
            section.rows = measure_rows(section.data) if section.kind == SectionKind.MEASURE else []
            section.charts = charts.get(section.uid, [])
        progress(30, _("Typesetting"))
        content = render_pdf_template(
            "concepts/pdf/version.html",
            {"version": version, "municipality": version.concept.municipality, "sections": sections},
        )
    return _filename(version, "pdf"), content, PDF_TYPE


def _plain_blocks(markdown_text: str) -> list[tuple[str, str]]:
    """Sanitised Markdown as (kind, text) blocks for Word: paragraphs and list items, no markup."""
    rendered = str(render_markdown(markdown_text))
    blocks = []
    for match in re.finditer(r"<(p|li|h[1-6]|blockquote|pre)[^>]*>(.*?)</\1>", rendered, flags=re.S):
        tag, inner = match.group(1), match.group(2)
        if tag == "blockquote":
            continue  # its paragraphs are matched on their own
        text = html.unescape(nh3.clean(inner, tags=set())).strip()
        if text:
            blocks.append(("li" if tag == "li" else "p", text))
    return blocks


def build_version_docx(job: Job, progress) -> tuple[str, bytes, str]:
    from docx import Document
    from docx.shared import Pt

    version = _version(job)
    municipality = version.concept.municipality
    with translation.override(settings.LANGUAGE_CODE):
        progress(10, _("Reading the version"))
        document = Document()
        document.core_properties.title = version.title
        document.core_properties.language = "cs-CZ"
        document.styles["Normal"].font.size = Pt(11)
        document.add_heading(version.title, level=0)
        document.add_paragraph(municipality.name)
        document.add_paragraph(
            _("Version %(n)s, frozen on %(date)s") % {
                "n": version.number, "date": formats.date_format(version.frozen_at, "DATE_FORMAT")}
        )
        if version.steering_approved_on:
            document.add_paragraph(
                _("Approved by the steering team on %(date)s") % {
                    "date": formats.date_format(version.steering_approved_on, "DATE_FORMAT")}
            )
        document.add_page_break()
        sections = version_sections(version)
        charts = charts_by_uid(version.concept_id)
        for i, section in enumerate(sections):
            document.add_heading(f"{section.number} {section.title}".strip(), level=min(section.depth + 1, 9))
            for kind, text in _plain_blocks(section.body):
                document.add_paragraph(text, style="List Bullet" if kind == "li" else None)
            for chart in charts.get(section.uid, []):
                document.add_paragraph().add_run(chart.title).bold = True
                chart_table = document.add_table(rows=0, cols=3)
                chart_table.style = "Table Grid"
                for row in chart.rows:
                    cells = chart_table.add_row().cells
                    cells[0].text, cells[1].text, cells[2].text = row.label, row.value, row.note
            rows = measure_rows(section.data) if section.kind == SectionKind.MEASURE else []
            if rows:
                table = document.add_table(rows=0, cols=2)
                table.style = "Table Grid"
                for label, value in rows:
                    cells = table.add_row().cells
                    cells[0].text, cells[1].text = str(label), value
            if i % 20 == 0:
                progress(10 + int(80 * i / max(1, len(sections))), _("Writing sections"))
        buffer = io.BytesIO()
        document.save(buffer)
    return _filename(version, "docx"), buffer.getvalue(), DOCX_TYPE
