"""The days an ISO date cut to its precision covers — one definition for filters, stores and packs."""

from __future__ import annotations

import calendar
from datetime import date


def bounds(value: str) -> tuple[date, date]:
    """First and last day of `2024`, `2023-12` or `2024-12-26`; ValueError when it is not such a date."""
    parts = [int(p) for p in value.strip()[:10].split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        year, month = parts
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if len(parts) == 3:
        day = date(*parts)
        return day, day
    raise ValueError(f"not a date: {value!r}")
