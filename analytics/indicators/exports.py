"""The indicator table as XLSX, or as CSV in the Czech Excel dialect (``;``, decimal comma,
UTF-8 with BOM), built in a worker from what the requester may see."""

from __future__ import annotations

import csv
import io

from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal.exports import xlsx_workbook
from portal.models import Job
from portal.permissions import suppress_small_counts

from ..access import visible_plans
from ..charts import HIDDEN
from .presenters import shown
from .selectors import plan_summaries

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def indicator_table(user, municipality) -> tuple[list[str], list[list]]:
    """Header and rows: one row per indicator and period, with baseline, target and status."""
    plans = visible_plans(user, municipality).select_related("indicator", "municipality").order_by("indicator__code")
    suppress = suppress_small_counts(user, municipality)
    header = [_("Code"), _("Indicator"), _("Unit"), _("Period"), _("Value"), _("State"), _("Source"),
              _("Baseline"), _("Target"), _("Target date"), _("Status"), _("Note")]
    rows = []
    for s in plan_summaries(plans, today=timezone.localdate()):
        base = [s.indicator.code, s.indicator.name, s.indicator.unit]
        tail = [s.baseline.value if s.baseline else None, s.target.value if s.target else None,
                s.target.on if s.target else None, str(s.status.label)]
        if not s.values:
            rows.append([*base, "", None, "", "", *tail, ""])
        for v in s.values:
            amount = shown(v.value, small_count=s.indicator.small_count, suppress=suppress)
            rows.append([*base, v.period_label, _("hidden (fewer than 5)") if amount is HIDDEN else amount,
                         v.get_state_display(), v.get_source_display(), *tail, v.note])
    return header, rows


def czech_cell(value) -> str:
    from datetime import date
    from decimal import Decimal

    if value is None:
        return ""
    if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
        text = format(Decimal(str(value)).normalize(), "f")
        return text.replace(".", ",")
    if isinstance(value, date):
        return f"{value.day}. {value.month}. {value.year}"
    return str(value)


def build_indicator_export(job: Job, progress) -> tuple[str, bytes, str]:
    user = get_user_model().objects.get(pk=job.params["user"])
    municipality = job.municipality
    with translation.override(job.params.get("language") or "cs"):
        header, rows = indicator_table(user, municipality)
        name = f"indikatory-{slugify(municipality.name)}"
        if job.params.get("format") == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow([czech_cell(c) for c in row])
            return f"{name}.csv", ("\ufeff" + buffer.getvalue()).encode("utf-8"), CSV_TYPE
        buffer = io.BytesIO()
        workbook = xlsx_workbook(buffer)
        sheet = workbook.add_worksheet(_("Indicators")[:31])
        bold = workbook.add_format({"bold": True})
        date_format = workbook.add_format({"num_format": "d. m. yyyy"})
        sheet.write_row(0, 0, header, bold)
        for r, row in enumerate(rows, start=1):
            for c, cell in enumerate(row):
                if cell is None:
                    continue
                if hasattr(cell, "year"):
                    sheet.write_datetime(r, c, timezone.datetime(cell.year, cell.month, cell.day), date_format)
                elif hasattr(cell, "as_tuple"):
                    sheet.write_number(r, c, float(cell))
                else:
                    sheet.write(r, c, cell)
        sheet.freeze_panes(1, 0)
        workbook.close()
        return f"{name}.xlsx", buffer.getvalue(), XLSX_TYPE
