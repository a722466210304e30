"""Everything held about one household, for a data subject's request (right of access, GDPR
art. 15): as JSON, or as an XLSX workbook with one sheet per kind of record."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter

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
            ["exit_date", "completion", "reason", "destination", "note"],
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
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
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
