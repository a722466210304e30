"""The dashboard table as an XLSX workbook (built by the worker, see ``analytics.tasks``)."""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.exports import xlsx_workbook
from portal.models import Job
from portal.permissions import shown_count

from .dashboard import dashboard_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _share(ratio):
    return ratio.share if ratio.share is not None else ""


def build_dashboard_xlsx(job: Job, progress) -> tuple[str, bytes, str]:
    """The rows the job's requester may analyse, with the filters they had chosen, in their language."""
    with translation.override(job.params.get("language") or None):
        return _build(job, progress)


def _build(job: Job, progress) -> tuple[str, bytes, str]:
    user = get_user_model().objects.get(pk=job.params["user"])
    board = dashboard_for(user, {k: v for k, v in job.params.items() if k in ("region", "phase", "sort")})
    progress(50, _("Writing the table"))
    buffer = io.BytesIO()
    book = xlsx_workbook(buffer)
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    pct = book.add_format({"num_format": "0%"})
    sheet = book.add_worksheet(_("Municipalities")[:31])
    headers = [
        _("Municipality"), _("Region"), _("Concept phase"), _("Days since the steering team met"),
        _("Steering team overdue (over 45 days)"), _("Working groups"), _("Working groups with gaps"),
        _("Participative meetings"), _("Held meetings"), _("Share participative"), _("Open rounds"),
        _("Rounds awaiting settlement"), _("Invitees who responded"), _("Invitees"), _("Response rate"),
        _("Measures linked to findings"), _("Measures"), _("Share linked"), _("Households housed"),
        _("Target households"), _("Flats occupied"), _("Flats"), _("Needs attention"), _("Reasons"),
        _("Comments settled"), _("Comments"),
    ]
    sheet.write_row(0, 0, headers, bold)
    sheet.freeze_panes(1, 1)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, len(headers) - 1, 14)
    yes, no = _("yes"), _("no")
    for i, row in enumerate(board.rows(), start=1):  # every municipality the filters keep, not a page
        c, p = row.cadence, row.pilots

        def count(n, suppress=row.suppress):
            shown = shown_count(n, suppress=suppress)
            return int(shown) if shown.isdigit() else shown

        values = [
            row.municipality.name, row.municipality.region, row.phase_label or _("no concept yet"),
            c.days_since if c.days_since is not None else "", (yes if c.flagged else no) if c.group else _("no steering team"),
            row.groups, row.groups_with_gaps, row.participative.part, row.participative.total, _share(row.participative),
            row.open_rounds, row.awaiting_settlement, row.responses.part, row.responses.total, _share(row.responses),
            row.evidence.part, row.evidence.total, _share(row.evidence),
            count(p.housed), p.target, count(p.occupied), p.capacity, row.attention,
            " ".join(r.text for r in row.reasons), row.settled.part, row.settled.total,
        ]
        for col, value in enumerate(values):
            sheet.write(i, col, value, pct if col in (9, 14, 17) and value != "" else None)
    targets = book.add_worksheet(_("Agency targets")[:31])
    targets.write_row(0, 0, [_("Expected change"), _("Goal"), _("Numerator"), _("Denominator"), _("Value"), _("Definition")], bold)
    targets.set_column(0, 0, 45)
    targets.set_column(5, 5, 90)
    for i, t in enumerate(board.targets, start=1):
        targets.write_row(i, 0, [t.label, t.goal_text, t.ratio.part, t.ratio.total])
        targets.write(i, 4, t.ratio.share if t.ratio.share is not None else "", pct)
        targets.write(i, 5, t.definition)
    book.close()
    progress(95, "")
    stamp = timezone.localdate().isoformat()
    return f"konzultant-prehled-{stamp}.xlsx", buffer.getvalue(), XLSX
