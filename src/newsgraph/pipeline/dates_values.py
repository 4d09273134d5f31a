"""Date values that keep their precision, and parsing of declared date strings.

A `PartialDate` holds only the parts the evidence gave: `2024-12` has no day, and none is
ever filled in. `Candidate` is one answer of one link of the date chain (see `dates.py`).
`parse_declared` reads what a source declared (a text-file header, an RSS entry, a JSONL
field, a <meta> content): ISO with or without time and zone, `2024-12`, `2024`, RFC 822,
numeric `12/12/2024` (ambiguity handled) and written dates in the document's language.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from email.utils import parsedate_tz

from ..model.document import DateSource, Precision

MIN_YEAR = 1900  # older "dates" in news pages are nearly always numbers of another kind
MAX_YEAR = 2099


@dataclass(frozen=True)
class PartialDate:
    """A calendar date cut to what was present: year, year-month or year-month-day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def earliest(self) -> date:
        """The first day this value can mean (2024-12 → 2024-12-01)."""
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        """The last day this value can mean (2024-12 → 2024-12-31)."""
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def contains(self, other: PartialDate) -> bool:
        """True when `other` is this value made finer (2024-12 contains 2024-12-27)."""
        return self.earliest() <= other.earliest() and other.latest() <= self.latest()


@dataclass(frozen=True)
class Candidate:
    """One link's answer: the value, where it came from and why (evidence, offsets into doc.text)."""

    value: PartialDate
    source: DateSource
    confidence: float
    evidence: str
    start: int | None = None
    end: int | None = None

    def with_(self, **changes: object) -> Candidate:
        return replace(self, **changes)  # type: ignore[arg-type]


def make_date(year: int, month: int | None = None, day: int | None = None) -> PartialDate | None:
    """A PartialDate if the parts form a real calendar date in range, else None."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month is None:
        return PartialDate(year) if day is None else None
    if not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return PartialDate(year, month, day)


def read_numeric(first: int, second: int, year: int, order: str) -> tuple[PartialDate | None, bool]:
    """`first/second/year` read in `order` ("dmy"/"mdy"); returns (date, ambiguous).

    When only one reading is a real date it is taken whatever the order (26/12/2024 is
    December 26 in any locale); when both are and they differ, `order` decides and the
    answer is marked ambiguous so its confidence can be lowered.
    """
    dmy = make_date(year, second, first)
    mdy = make_date(year, first, second)
    preferred, other = (mdy, dmy) if order == "mdy" else (dmy, mdy)
    if preferred and other:
        return preferred, preferred != other
    return preferred or other, False


ISO_RE = re.compile(
    r"^\s*(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{2,5})?)?\s*$"
)
COMPACT_RE = re.compile(r"^\s*(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})(?:T?\d{4,6}Z?)?\s*$")
NUMERIC_RE = re.compile(r"^\s*(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<year>\d{4})\b")
SLASH_ISO_RE = re.compile(r"^\s*(?P<year>\d{4})[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})\b")


def _from_groups(m: re.Match[str]) -> PartialDate | None:
    parts = m.groupdict()
    return make_date(
        int(parts["year"]),
        int(parts["month"]) if parts.get("month") else None,
        int(parts["day"]) if parts.get("day") else None,
    )


def parse_iso(value: str) -> PartialDate | None:
    """ISO 8601 (`2024-12-26T10:00:00+07:00`, `2024-12`, `2024`) and `20241226`.

    The local calendar date as written is kept: converting `2024-12-26T01:00+07:00` to
    UTC would move the publication to the day before in the publisher's own calendar.
    """
    m = ISO_RE.match(value) or COMPACT_RE.match(value) or SLASH_ISO_RE.match(value)
    return _from_groups(m) if m else None


def parse_rfc822(value: str) -> PartialDate | None:
    """`Thu, 26 Dec 2024 10:00:00 +0700` (RSS pubDate, HTTP headers), local date kept."""
    if not re.search(r"[A-Za-z]{3}", value):
        return None
    parsed = parsedate_tz(value)
    return make_date(parsed[0], parsed[1], parsed[2]) if parsed else None


def parse_numeric(value: str, order: str) -> tuple[PartialDate | None, bool]:
    m = NUMERIC_RE.match(value)
    if not m:
        return None, False
    return read_numeric(int(m["a"]), int(m["b"]), int(m["year"]), order)


def parse_machine(value: str, order: str = "dmy") -> tuple[PartialDate | None, bool]:
    """The machine-written forms, tried in turn; returns (date, ambiguous)."""
    found = parse_iso(value) or parse_rfc822(value)
    if found:
        return found, False
    return parse_numeric(value, order)


def to_partial(d: date | datetime) -> PartialDate:
    return PartialDate(d.year, d.month, d.day)
