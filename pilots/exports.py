"""Everything held about one household, for a data subject's request (right of access, GDPR
art. 15): as JSON, or as an XLSX workbook with one sheet per kind of record."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from decimal import Decimal

from portal.exports import xlsx_workbook

from .models import Exit, Household, HouseholdIdentity, RentCharge, SupportGoal


def _plain(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _rows(queryset, fields: list[str]) -> list[dict]:
    return [{f: _plain(v) for f, v in row.items()} for row in queryset.values(*fields)]


def household_data(household: Household, *, with_identity: bool) -> dict:
    data = {
        "household": _rows(
            Household.objects.filter(pk=household.pk),
            ["code", "programme__name", "stage", "size", "adults", "children", "composition", "ethos", "prior_living",
             "income_source", "has_debt", "debt_band", "referral_source", "created_at", "anonymised_at"],
        ),
        "referrals": _rows(
            household.referrals.all(),
            ["programme__name", "referred_on", "referrer__name", "referrer_name", "intensity", "planned_hours",
             "decision", "decided_on", "waiting_position", "reason", "cohort"],
        ),
        "placements": _rows(
            household.placements.all(),
            ["programme__name", "flat__address", "flat__district", "move_in", "planned_end", "ended_on", "contract",
             "lease_transferred_on", "monthly_rent"],
        ),
        "rent": _rows(
            RentCharge.objects.filter(placement__household=household),
            ["placement__flat__address", "month", "due", "paid"],
        ),
        "exits": _rows(
            Exit.objects.filter(placement__household=household),
            ["exit_date", "completion", "reason", "destination", "note", "standard_lease__signed_on",
             "standard_lease__landlord", "standard_lease__fixed_term"],
        ),
        "support_goals": _rows(
            SupportGoal.objects.filter(plan__household=household),
            ["plan__programme__name", "domain", "description", "status", "review_on"],
        ),
        "support_contacts": _rows(household.contacts.all(), ["date", "minutes", "mode", "domains", "note"]),
    }
    if with_identity:
        data["identity"] = _rows(
            HouseholdIdentity.objects.filter(household=household), ["name", "birth_year", "phone", "email", "contact_note"]
        )
    return data


def as_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def as_xlsx(data: dict) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsx_workbook(buffer)
    bold = workbook.add_format({"bold": True})
    for sheet_name, rows in data.items():
        sheet = workbook.add_worksheet(sheet_name[:31])
        columns = list(rows[0]) if rows else []
        for col, name in enumerate(columns):
            sheet.write(0, col, name, bold)
        for r, row in enumerate(rows, start=1):
            for col, name in enumerate(columns):
                value = row[name]
                sheet.write(r, col, ", ".join(value) if isinstance(value, list) else value)
    workbook.close()
    return buffer.getvalue()


# --- outcome indicators (aggregates only) -----------------------------------------------------

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv; charset=utf-8"


def _cell(text: str, raw):
    """A count for a file: the number itself unless it is hidden (then the page's mark)."""
    return raw if raw is not None and text.replace("\u00a0", "").replace(",", "").isdigit() else (None if raw is None else text)


def indicator_table(programme, *, as_of: date, suppress: bool) -> list[dict]:
    """One row per indicator and scope (the whole programme, then each cohort), ready for a file.

    Only aggregates: the rows are built from :func:`pilots.indicators.compute_by_cohort`, which
    returns figures and never a household. With ``suppress`` (the requester sees aggregates only)
    the file is suppressed as one set of tables, exactly as the page (``pilots/suppression.py``)."""
    from .indicators import compute_by_cohort, hidden_text, scoped_tables, shown_tables

    tables = shown_tables(scoped_tables(compute_by_cohort(programme, as_of=as_of)), suppress=suppress)
    rows = []
    for scope, items in tables:
        for row in items:
            indicator = row["indicator"]
            rows.append({
                "scope": scope, "key": indicator.key, "label": indicator.label,
                "numerator": _cell(row["numerator"], indicator.numerator),
                "denominator": _cell(row["denominator"], indicator.denominator),
                "value": hidden_text() if row["hidden"] else indicator.value,
                "unit": indicator.unit, "definition": indicator.definition,
            })
    return rows


def _columns():
    from django.utils.translation import gettext as _

    return [
        ("scope", _("Scope")), ("key", _("Key")), ("label", _("Indicator")), ("numerator", _("Numerator")),
        ("denominator", _("Denominator")), ("value", _("Value")), ("unit", _("Unit")), ("definition", _("Definition")),
    ]


def _unit_label(unit: str) -> str:
    from django.utils.translation import gettext as _

    return {"percent": "%", "days": _("days"), "rate": _("per household-year"), "number": _("number")}.get(unit, unit)


def czech_number(value) -> str:
    """A number as Czech Excel reads it: decimal comma, no thousands separator."""
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".").replace(".", ",")
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return "" if value is None else str(value)


def czech_csv(header: list[str], rows: list[list]) -> bytes:
    """The Czech Excel dialect: ``;`` between fields, decimal comma, UTF-8 with a byte-order mark."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([czech_number(v) if isinstance(v, float | int | Decimal) and not isinstance(v, bool) else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def indicators_csv(programme, *, as_of: date, suppress: bool) -> bytes:
    """The indicator tables in the Czech Excel dialect; percentages as 0–100."""
    rows = indicator_table(programme, as_of=as_of, suppress=suppress)
    columns = _columns()
    body = []
    for row in rows:
        value = row["value"]
        if isinstance(value, float):
            value = round(value * 100, 1) if row["unit"] == "percent" else round(value, 3)
        body.append([
            value if key == "value" else _unit_label(row[key]) if key == "unit" else row[key]
            for key, _title in columns
        ])
    return czech_csv([title for _key, title in columns], body)


def indicators_xlsx(programme, *, as_of: date, suppress: bool) -> bytes:
    """One sheet per scope (all cohorts, then each cohort), with the programme and the date on top."""
    from django.template.loader import render_to_string
    from django.utils.translation import gettext as _

    rows = indicator_table(programme, as_of=as_of, suppress=suppress)
    columns = [c for c in _columns() if c[0] != "scope"]
    buffer = io.BytesIO()
    workbook = xlsx_workbook(buffer)
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    formats = {
        "percent": workbook.add_format({"num_format": "0.0%"}),
        "rate": workbook.add_format({"num_format": "0.000"}),
        "days": workbook.add_format({"num_format": "0"}),
        "number": workbook.add_format({"num_format": "0.00"}),
    }
    scopes: dict[str, list[dict]] = {}
    for row in rows:
        scopes.setdefault(row["scope"], []).append(row)
    for scope, items in scopes.items():
        sheet = workbook.add_worksheet(scope[:31])
        sheet.write(0, 0, programme.name, bold)
        sheet.write(1, 0, _("Figures as of %(date)s") % {"date": as_of.strftime("%d.%m.%Y")})
        sheet.write(2, 0, scope)
        if suppress:
            sheet.write(3, 0, render_to_string("pilots/partials/suppression_rule.html").strip())
        for col, (_key, title) in enumerate(columns):
            sheet.write(5, col, title, bold)
        for r, row in enumerate(items, start=6):
            for col, (key, _title) in enumerate(columns):
                value = row[key]
                if key == "unit":
                    sheet.write(r, col, _unit_label(value))
                elif key == "value" and isinstance(value, float):
                    sheet.write_number(r, col, value, formats.get(row["unit"]))
                elif key == "definition":
                    sheet.write(r, col, value, wrap)
                else:
                    sheet.write(r, col, value)
        sheet.set_column(0, 0, 22)
        sheet.set_column(1, 1, 44)
        sheet.set_column(2, 4, 12)
        sheet.set_column(6, 6, 80)
    workbook.close()
    return buffer.getvalue()


# --- the household list (pseudonymous, for the evaluation) ------------------------------------


def household_list_rows(households) -> dict[str, list[dict]]:
    """The evaluation's view of the households: codes and coded fields only.

    Left out on purpose: the identity, every free-text note or reason (a worker may write a name
    there), the referrer's name and the flat's address (with dates it points to a family)."""
    from django.db.models import Prefetch

    from .models import Placement, Referral

    households = households.select_related("programme").prefetch_related(
        Prefetch("referrals", queryset=Referral.objects.select_related("programme").order_by("referred_on", "pk")),
        Prefetch("placements", queryset=Placement.objects.select_related("programme", "exit__standard_lease").order_by("move_in", "pk")),
    ).order_by("code")
    result: dict[str, list[dict]] = {"households": [], "referrals": [], "placements": []}
    for h in households:
        result["households"].append({
            "code": h.code, "programme": h.programme.name, "stage": h.stage, "size": h.size, "adults": h.adults,
            "children": h.children, "composition": h.composition, "ethos": h.ethos, "prior_living": h.prior_living,
            "income_source": h.income_source, "has_debt": h.has_debt, "debt_band": h.debt_band,
            "referral_source": h.referral_source,
        })
        for r in h.referrals.all():
            result["referrals"].append({
                "code": h.code, "programme": r.programme.name, "referred_on": r.referred_on, "intensity": r.intensity,
                "planned_hours": r.planned_hours, "decision": r.decision, "decided_on": r.decided_on,
                "waiting_position": r.waiting_position, "cohort": r.cohort,
            })
        for p in h.placements.all():
            exit_ = getattr(p, "exit", None)  # None when the placement has no exit
            result["placements"].append({
                "code": h.code, "programme": p.programme.name, "move_in": p.move_in, "planned_end": p.planned_end,
                "ended_on": p.ended_on, "contract": p.contract, "lease_transferred_on": p.lease_transferred_on,
                "monthly_rent": p.monthly_rent, "exit_date": exit_.exit_date if exit_ else None,
                "completion": exit_.completion if exit_ else "", "reason": exit_.reason if exit_ else "",
                "destination": exit_.destination if exit_ else "", "place": exit_.place if exit_ else "",
                "standard_lease_from": lease.signed_on if (lease := _lease(exit_)) else None,
                "standard_lease_landlord": lease.landlord if lease else "",
            })
    return result


def _lease(exit_):
    return getattr(exit_, "standard_lease", None) if exit_ is not None else None


def _field(model, name: str):
    field = model._meta.get_field(name)
    return str(field.verbose_name), dict(field.choices) if field.choices else None


def codebook_columns() -> dict[str, list[tuple[str, str, dict | None]]]:
    """Per sheet: (key, Czech column label, {code: meaning} or None) for every column."""
    from django.utils.translation import gettext as _

    from .models import Exit, Household, Placement, Referral, StandardLease

    code = ("code", _("household code"), None)
    programme = ("programme", _("programme"), None)
    H, R, P, X = Household, Referral, Placement, Exit
    return {
        "households": [code, programme] + [(n, *_field(H, n)) for n in (
            "stage", "size", "adults", "children", "composition", "ethos", "prior_living", "income_source", "has_debt",
            "debt_band", "referral_source")],
        "referrals": [code, programme] + [(n, *_field(R, n)) for n in (
            "referred_on", "intensity", "planned_hours", "decision", "decided_on", "waiting_position", "cohort")],
        "placements": [code, programme] + [(n, *_field(P, n)) for n in (
            "move_in", "planned_end", "ended_on", "contract", "lease_transferred_on", "monthly_rent")] + [
            ("exit_date", *_field(X, "exit_date")), ("completion", *_field(X, "completion")), ("reason", *_field(X, "reason")),
            ("destination", *_field(X, "destination")), ("place", *_field(X, "place")),
            ("standard_lease_from", *_field(StandardLease, "signed_on")),
            ("standard_lease_landlord", *_field(StandardLease, "landlord")),
        ],
    }


def household_list_xlsx(households) -> bytes:
    """The pseudonymous list with Czech column labels and values, and a codebook sheet
    (číselník) that gives, for every column, what it holds and each code with its meaning."""
    from django.utils.translation import gettext as _

    data = household_list_rows(households)
    sheets = codebook_columns()
    titles = {"households": _("Households"), "referrals": _("Referrals"), "placements": _("Placements")}
    buffer = io.BytesIO()
    workbook = xlsx_workbook(buffer)
    bold = workbook.add_format({"bold": True})
    day = workbook.add_format({"num_format": "d. m. yyyy"})
    for sheet_name, rows in data.items():
        sheet = workbook.add_worksheet(titles[sheet_name][:31])
        columns = sheets[sheet_name]
        for col, (_key, label, _choices) in enumerate(columns):
            sheet.write(0, col, label, bold)
        for r, row in enumerate(rows, start=1):
            for col, (key, _label, choices) in enumerate(columns):
                value = row.get(key)
                if isinstance(value, bool):
                    sheet.write(r, col, _("yes") if value else _("no"))
                elif choices is not None and value not in (None, ""):
                    sheet.write(r, col, str(choices.get(value, value)))
                elif isinstance(value, date):
                    sheet.write_datetime(r, col, value, day)
                elif isinstance(value, Decimal):
                    sheet.write_number(r, col, float(value))
                elif value is None or value == "":
                    sheet.write_blank(r, col, None)
                else:
                    sheet.write(r, col, value)
        sheet.freeze_panes(1, 1)
        sheet.autofilter(0, 0, max(1, len(rows)), len(columns) - 1)
    book = workbook.add_worksheet(_("Codebook")[:31])
    for col, title in enumerate((_("Sheet"), _("Column"), _("Code"), _("Meaning"))):
        book.write(0, col, title, bold)
    r = 1
    for sheet_name, columns in sheets.items():
        for key, label, choices in columns:
            book.write_row(r, 0, [titles[sheet_name], label, key, ""])
            r += 1
            for value, meaning in (choices or {}).items():
                book.write_row(r, 0, [titles[sheet_name], label, str(value) or "—", str(meaning)])
                r += 1
    book.set_column(0, 1, 28)
    book.set_column(3, 3, 60)
    workbook.close()
    return buffer.getvalue()
