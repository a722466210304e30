"""Exports of the settlement table (vypořádací tabulka): XLSX and PDF, built in the worker."""

from __future__ import annotations

import io

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.exports import xlsx_workbook
from portal.formatting import cz_date, cz_datetime
from portal.models import Job
from portal.pdf import render_pdf_template

from .models import Comment, Round, Settlement
from .selectors import next_version_sections, settlement_rows


def _round_of(job: Job) -> Round:
    return Round.objects.select_related("municipality", "version", "version__concept").get(
        pk=job.target_id, municipality_id=job.municipality_id
    )


def commenter_label(comment: Comment) -> str:
    if comment.organisation_id:
        return f"{comment.author_name}, {comment.organisation.name}"
    if comment.is_public:
        return f"{comment.author_name} ({_('the public')})"
    return comment.author_name


def settlement_text(comment: Comment, next_sections: dict, outcomes: dict | None = None) -> tuple[str, str]:
    """(settlement, justification) as one row of the table shows them. ``outcomes``: the outcomes'
    labels, when the caller translated them once for many rows."""
    settlement: Settlement | None = getattr(comment, "settlement", None)
    if settlement is None:
        return _("not settled yet"), ""
    parts = [settlement.justification]
    target = next_sections.get(str(settlement.next_section_uid)) if settlement.next_section_uid else None
    if target is not None:
        parts.append(_("See section %(number)s %(title)s of the next version.") % {"number": target.number, "title": target.title})
    if settlement.is_dispute:
        label = _("DISPUTE")
        if settlement.dispute_result:
            meeting = cz_date(settlement.dispute_meeting_on)
            parts.append(f"{label}: {settlement.get_dispute_result_display()} ({meeting}). {settlement.dispute_note}")
        else:
            parts.append(f"{label}: {_('the dispute meeting has not been recorded yet')}")
    outcome = outcomes[settlement.outcome] if outcomes else settlement.get_outcome_display()
    return outcome, "\n".join(p for p in parts if p)


def table_rows(round: Round, comments: QuerySet[Comment] | None = None) -> list[dict]:
    """The rows of the settlement table (the page, the public page, XLSX and PDF): of all the
    round's comments in section order, or of ``comments`` (filtered and sorted by the table's page)
    in their order. The choices' labels are translated once, not once per row; the sections' texts
    are not read."""
    next_sections = next_version_sections(round)
    kinds = {value: str(label) for value, label in Comment.Kind.choices}
    outcomes = {value: str(label) for value, label in Settlement.Outcome.choices}
    paragraph = _("paragraph")
    rows = []
    for comment in settlement_rows(round, comments).defer("section__body", "section__data"):
        outcome, justification = settlement_text(comment, next_sections, outcomes)
        text = comment.text
        if comment.quote:
            text = f"„{comment.quote}“\n\n{text}"
        section = comment.section
        settlement = getattr(comment, "settlement", None)
        rows.append({
            "comment": comment,
            "number": comment.number,
            "commenter": commenter_label(comment),
            "section": f"{section.number} {section.title}".strip()
            + (f", {paragraph} {comment.paragraph}" if comment.paragraph else ""),
            "kind": kinds.get(comment.kind, comment.kind),
            "text": text,
            "proposed_wording": comment.proposed_wording,
            "outcome": outcome,
            "justification": justification,
            "is_dispute": bool(settlement and settlement.is_dispute),
        })
    return rows


def columns() -> list[str]:
    return [_("No."), _("Commenter and organisation"), _("Section"), _("Kind"), _("Comment"),
            _("Proposed wording"), _("Settlement"), _("Justification")]


def build_settlement_xlsx(job: Job, progress) -> tuple[str, bytes, str]:

    round = _round_of(job)
    with translation.override(job.params.get("language", "cs")):
        rows = table_rows(round)
        progress(30, "")
        out = io.BytesIO()
        book = xlsx_workbook(out)
        sheet = book.add_worksheet(_("Settlement table")[:31])
        bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#EEEEEE", "border": 1})
        wrap = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
        title = book.add_format({"bold": True, "font_size": 14})
        sheet.write(0, 0, f"{_('Settlement table')}: {round.title}", title)
        sheet.write(1, 0, f"{round.municipality.name} · {round.version.title} v{round.version.number} · "
                          f"{_('deadline')} {cz_datetime(round.deadline)}")
        header_row = 3
        for col, name in enumerate(columns()):
            sheet.write(header_row, col, name, bold)
        for i, row in enumerate(rows, start=header_row + 1):
            values = [row["number"], row["commenter"], row["section"], row["kind"], row["text"],
                      row["proposed_wording"], row["outcome"], row["justification"]]
            for col, value in enumerate(values):
                if col == 0 and value is not None:
                    sheet.write_number(i, col, int(value), wrap)  # a number, so that Excel sorts 2 before 10
                else:
                    sheet.write_string(i, col, str(value or ""), wrap)
        for col, width in enumerate([6, 28, 26, 14, 60, 40, 18, 50]):
            sheet.set_column(col, col, width)
        sheet.freeze_panes(header_row + 1, 1)
        sheet.autofilter(header_row, 0, header_row + max(len(rows), 1), len(columns()) - 1)
        book.close()
    return f"vyporadani-{round.municipality.slug}-{round.pk}.xlsx", out.getvalue(), (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def build_settlement_pdf(job: Job, progress) -> tuple[str, bytes, str]:
    round = _round_of(job)
    with translation.override(job.params.get("language", "cs")):
        rows = table_rows(round)
        progress(30, "")
        pdf = render_pdf_template(
            "rounds/pdf/settlement_table.html",
            {"round": round, "rows": rows, "columns": columns(), "generated_at": timezone.now()},
        )
    return f"vyporadani-{round.municipality.slug}-{round.pk}.pdf", pdf, "application/pdf"
