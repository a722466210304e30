"""Date helpers of the pilots: calendar months, as every rule is stated in months."""

from __future__ import annotations

import calendar
from datetime import date


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clipped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))
