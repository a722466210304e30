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


#: What one row of the settlement table reads: columns, not model instances (building ~1,200
#: instances of four models for a round of 300 comments cost more than the rest of the page).
ROW_FIELDS = (
    "number", "author_name", "author_email", "is_public", "organisation_id", "organisation__name",
    "section__number", "section__title", "paragraph", "kind", "quote", "text", "proposed_wording",
    "settlement__pk", "settlement__outcome", "settlement__justification", "settlement__next_section_uid",
    "settlement__dispute_result", "settlement__dispute_meeting_on", "settlement__dispute_note",
)


def table_rows(round: Round, comments: QuerySet[Comment] | None = None) -> list[dict]:
    """The rows of the settlement table (the page, the public page, XLSX and PDF): of all the
    round's comments in section order, or of ``comments`` (filtered and sorted by the table's page)
    in their order. One query of the columns the rows show (``ROW_FIELDS``), plus the next
    version's sections; the choices' labels and the fixed texts are translated once, not once per
    row. Each row also says ``is_public`` and ``author_email`` (the public pages pick a
    commenter's own rows by them) and ``dispute_result`` (the dispute meeting's outcome, a label,
    or "")."""
    next_sections = next_version_sections(round)
    kinds = {value: str(label) for value, label in Comment.Kind.choices}
    outcomes = {value: str(label) for value, label in Settlement.Outcome.choices}
    results = {value: str(label) for value, label in Settlement.DisputeResult.choices}
    paragraph, the_public, not_settled = _("paragraph"), _("the public"), _("not settled yet")
    see = _("See section %(number)s %(title)s of the next version.")
    dispute_label, not_recorded = _("DISPUTE"), _("the dispute meeting has not been recorded yet")
    essential, not_accepted = Comment.Kind.ESSENTIAL, Settlement.Outcome.NOT_ACCEPTED
    rows = []
    for (number, author_name, author_email, is_public, organisation_id, organisation_name, section_number,
         section_title, paragraph_no, kind, quote, text, proposed_wording, settlement_pk, outcome,
         justification, next_uid, dispute_result, meeting_on, dispute_note) in (
            settlement_rows(round, comments).values_list(*ROW_FIELDS)):
        if organisation_id:
            commenter = f"{author_name}, {organisation_name}"
        elif is_public:
            commenter = f"{author_name} ({the_public})"
        else:
            commenter = author_name
        is_dispute = False
        if settlement_pk is None:
            outcome_label, justification_text = not_settled, ""
        else:
            parts = [justification]
            target = next_sections.get(str(next_uid)) if next_uid else None
            if target is not None:
                parts.append(see % {"number": target.number, "title": target.title})
            # Public comments are summarised, never turned into disputes (Settlement.is_dispute).
            is_dispute = outcome == not_accepted and kind == essential and not is_public
            if is_dispute:
                if dispute_result:
                    parts.append(f"{dispute_label}: {results.get(dispute_result, dispute_result)} "
                                 f"({cz_date(meeting_on)}). {dispute_note}")
                else:
                    parts.append(f"{dispute_label}: {not_recorded}")
            outcome_label = outcomes.get(outcome, outcome)
            justification_text = "\n".join(p for p in parts if p)
        rows.append({
            "number": number,
            "commenter": commenter,
            "section": f"{section_number} {section_title}".strip()
            + (f", {paragraph} {paragraph_no}" if paragraph_no else ""),
            "kind": kinds.get(kind, kind),
            "text": f"„{quote}“\n\n{text}" if quote else text,
            "proposed_wording": proposed_wording,
            "outcome": outcome_label,
            "justification": justification_text,
            "is_dispute": is_dispute,
            "dispute_result": results.get(dispute_result, dispute_result) if is_dispute and dispute_result else "",
            "is_public": is_public,
            "author_email": author_email,
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
