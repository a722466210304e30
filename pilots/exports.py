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
HIDDEN_VALUE = "–"


def _count_cell(n, is_count: bool, suppress: bool):
    """A numerator or denominator for a file: the number, or "<5" where small counts are hidden."""
    from portal.permissions import shown_count

    if n is None:
        return None
    if is_count and shown_count(int(n), suppress=suppress) != str(int(n)):
        return shown_count(int(n), suppress=suppress)
    return n


def indicator_table(programme, *, as_of: date, suppress: bool) -> list[dict]:
    """One row per indicator and scope (the whole programme, then each cohort), ready for a file.

    Only aggregates: the rows are built from :func:`pilots.indicators.compute_by_cohort`, which
    returns figures and never a household. With ``suppress`` (the requester sees aggregates only)
    counts under 5 are "<5" and the value derived from them is hidden, exactly as on the page."""
    from django.utils.translation import gettext as _

    from .indicators import compute_by_cohort

    result = compute_by_cohort(programme, as_of=as_of)
    scopes = [(_("All cohorts"), "", result["all"])] + [
        (_("Cohort %(n)s") % {"n": c}, c, items) for c, items in result["cohorts"].items()
    ]
    rows = []
    for scope, cohort, items in scopes:
        for indicator in items:
            hidden = suppress and indicator.is_small()
            numerator = _count_cell(indicator.numerator, indicator.counts[0], suppress)
            if suppress and indicator.complement_is_small() and numerator != "<5":
                numerator = HIDDEN_VALUE  # 47 of 50 would tell that 3 were not retained
            rows.append({
                "scope": scope, "cohort": cohort, "key": indicator.key, "label": indicator.label,
                "numerator": numerator,
                "denominator": _count_cell(indicator.denominator, indicator.counts[1], suppress),
                "value": HIDDEN_VALUE if hidden and indicator.value is not None else indicator.value,
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


def indicators_csv(programme, *, as_of: date, suppress: bool) -> bytes:
    """UTF-8 with a byte-order mark (Excel opens it in Czech), comma-separated, decimal point;
    percentages as 0–100."""
    import csv

    rows = indicator_table(programme, as_of=as_of, suppress=suppress)
    columns = _columns()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([title for _key, title in columns])
    for row in rows:
        value = row["value"]
        if isinstance(value, float):
            value = round(value * 100, 1) if row["unit"] == "percent" else round(value, 3)
        writer.writerow([
            value if key == "value" else _unit_label(row[key]) if key == "unit" else row[key]
            for key, _title in columns
        ])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def indicators_xlsx(programme, *, as_of: date, suppress: bool) -> bytes:
    """One sheet per scope (all cohorts, then each cohort), with the programme and the date on top."""
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
            sheet.write(3, 0, _("Counts under 5 are shown as “<5”; the values derived from them, and any figure from which they could be worked out, are shown as “–”."))
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
                "destination": exit_.destination if exit_ else "",
                "standard_lease_from": lease.signed_on if (lease := _lease(exit_)) else None,
                "standard_lease_landlord": lease.landlord if lease else "",
            })
    return result


def _lease(exit_):
    return getattr(exit_, "standard_lease", None) if exit_ is not None else None


def household_list_xlsx(households) -> bytes:
    data = household_list_rows(households)
    buffer = io.BytesIO()
    workbook = xlsx_workbook(buffer)
    bold = workbook.add_format({"bold": True})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for sheet_name, rows in data.items():
        sheet = workbook.add_worksheet(sheet_name)
        columns = list(rows[0]) if rows else ["code"]
        for col, name in enumerate(columns):
            sheet.write(0, col, name, bold)
        for r, row in enumerate(rows, start=1):
            for col, name in enumerate(columns):
                value = row[name]
                if isinstance(value, date):
                    sheet.write_datetime(r, col, value, day)
                elif isinstance(value, Decimal):
                    sheet.write_number(r, col, float(value))
                elif value is None:
                    sheet.write_blank(r, col, None)
                else:
                    sheet.write(r, col, value)
        sheet.freeze_panes(1, 1)
        sheet.autofilter(0, 0, max(1, len(rows)), len(columns) - 1)
    workbook.close()
    return buffer.getvalue()
