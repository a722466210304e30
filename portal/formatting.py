"""Czech formatting of dates and numbers for text that leaves a template: e-mails, PDF, DOCX, XLSX.

Dates are always ``2. 12. 2026`` (``portal/formats/cs`` makes Django's own formats agree), numbers
``4 000,5`` with a no-break space, so that a figure never breaks across lines.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

NBSP = "\u00a0"
XLSX_DATE = "d. m. yyyy"  # Excel's code for the same format (no leading zeros)

# Czech plural forms of the units measures are counted in: one, 2–4, 5 and more (and decimals).
UNIT_FORMS = {
    "byt": ("byt", "byty", "bytů"),
    "osoba": ("osoba", "osoby", "osob"),
    "domácnost": ("domácnost", "domácnosti", "domácností"),
    "klient": ("klient", "klienti", "klientů"),
    "rodina": ("rodina", "rodiny", "rodin"),
    "akce": ("akce", "akce", "akcí"),
    "setkání": ("setkání", "setkání", "setkání"),
    "lůžko": ("lůžko", "lůžka", "lůžek"),
    "místo": ("místo", "místa", "míst"),
    "pracovník": ("pracovník", "pracovníci", "pracovníků"),
}


def cz_date(value: date | datetime | str | None, empty: str = "") -> str:
    if value in (None, ""):
        return empty
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return f"{value.day}. {value.month}. {value.year}"


def cz_datetime(value: datetime | None, empty: str = "") -> str:
    if value is None:
        return empty
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{cz_date(local)} {local.hour}:{local.minute:02d}"


def cz_number(value, decimals: int | None = None) -> str:
    """``4 000`` / ``4 000,5``: no-break space between thousands, decimal comma, no needless ``,00``."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if decimals is None:
        number = number.normalize()
        if number == number.to_integral():
            number = number.quantize(Decimal(1))
        text = f"{number:,f}"
    else:
        text = f"{number:,.{decimals}f}"
    return text.replace(",", NBSP).replace(".", ",")


def cz_quantity(value, unit: str) -> str:
    """``40 bytů``, ``2 byty``, ``1 byt``, ``2,5 osoby``; an unknown unit is written as given."""
    text = cz_number(value)
    unit = (unit or "").strip()
    if not unit:
        return text
    forms = UNIT_FORMS.get(unit.lower())
    if forms is None:
        return f"{text}{NBSP}{unit}"
    number = Decimal(str(value))
    if number != number.to_integral():
        word = forms[1]
    elif number == 1:
        word = forms[0]
    elif 2 <= number <= 4:
        word = forms[1]
    else:
        word = forms[2]
    return f"{text}{NBSP}{word}"


def join_sentences(parts) -> str:
    """Findings and other sentences one after another: "A. B." — never "A.; B."."""
    out = []
    for part in parts:
        part = (part or "").strip()
        if part:
            out.append(part if part[-1] in ".!?…" else f"{part}.")
    return " ".join(out)


def cz_czk(value) -> str:
    """``4 000 Kč`` with no-break spaces inside the number and before the currency."""
    if value is None or value == "":
        return ""
    return f"{cz_number(value)}{NBSP}Kč"
