"""Reporting periods: a month, a quarter or a year, named by its first day."""

from __future__ import annotations

from datetime import date, timedelta

MONTH, QUARTER, YEAR = "month", "quarter", "year"
MONTHS_IN = {MONTH: 1, QUARTER: 3, YEAR: 12}


def period_start(day: date, periodicity: str) -> date:
    """The first day of the period containing ``day``."""
    if periodicity == YEAR:
        return date(day.year, 1, 1)
    if periodicity == QUARTER:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, day.month, 1)


def next_period(start: date, periodicity: str) -> date:
    months = start.month - 1 + MONTHS_IN[periodicity]
    return date(start.year + months // 12, months % 12 + 1, 1)


def period_end(start: date, periodicity: str) -> date:
    return next_period(start, periodicity) - timedelta(days=1)


def period_label(start: date, periodicity: str) -> str:
    """"2025", "Q2 2025" or "3/2025" — the same in Czech and English."""
    if periodicity == YEAR:
        return str(start.year)
    if periodicity == QUARTER:
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    return f"{start.month}/{start.year}"


def periods_between(first: date, last: date, periodicity: str) -> list[date]:
    """Starts of the periods from the one containing ``first`` to the one containing ``last``."""
    start, end = period_start(first, periodicity), period_start(last, periodicity)
    out = []
    while start <= end:
        out.append(start)
        start = next_period(start, periodicity)
    return out
