"""Dates from the article's own words: the lead date, body evidence, and interval inference.

Publication is bounded: after every referenced document it cites ("Directive … dated
5 December 2023", "المؤرخ", "от"), not after ingestion time, and, for the review-and-plan
articles of state media, inside the year the article is about (its *year focus*: the
year it mentions most; on a tie the earlier, since a review of Y planning Y+1 is written in Y).
The answer is that interval cut to the finest unit it fits in: one month → month precision,
one year → year precision, wider → no answer. A year-less lead date ("On the morning of
December 26") takes its year from the same interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .dates_text import TextDate, year_counts
from .dates_values import Candidate, PartialDate, make_date

LEAD_CHARS = 600  # the dateline and lead sentence of a news article sit in its first lines
LEAD_CONFIDENCE = 0.7  # a date in the lead is the event day; news reports it the same day
AMBIGUOUS_PENALTY = 0.2  # numeric day/month order taken from the language's convention
YEARLESS_CONFIDENCE = 0.6  # day and month written, year from the interval
BODY_CONFIDENCE = 0.35  # a full date later in the body: often the day, often something else
INFERRED_MONTH_CONFIDENCE = 0.45
INFERRED_YEAR_CONFIDENCE = 0.3


@dataclass(frozen=True)
class Interval:
    """Where the publication day can lie, from the evidence; `focus` is the year focus."""

    low: date
    high: date
    focus: int | None

    def cut(self) -> PartialDate | None:
        """The interval as the finest unit that holds it, or None if it spans years."""
        if self.low > self.high or self.low.year != self.high.year:
            return None
        if self.low.month == self.high.month:
            return PartialDate(self.low.year, self.low.month)
        return PartialDate(self.low.year)


def year_focus(text: str) -> int | None:
    counts = year_counts(text)
    if not counts:
        return None
    top = max(counts.values())
    return min(y for y, c in counts.items() if c == top)


def interval(text: str, dates: list[TextDate], today: date, within: PartialDate | None) -> Interval:
    """Lower bound from referenced documents, upper bound from ingestion time and the focus."""
    low, high = date(1900, 1, 1), today
    for d in dates:
        if d.referenced and d.complete:
            low = max(low, date(d.year, d.month, d.day))  # type: ignore[arg-type]
    if within is not None:
        low, high = max(low, within.earliest()), min(high, within.latest())
    focus = within.year if within is not None else year_focus(text)
    if focus is not None and date(focus, 1, 1) <= high and low <= date(focus, 12, 31):
        low, high = max(low, date(focus, 1, 1)), min(high, date(focus, 12, 31))
    return Interval(low, high, focus)


def _evidence(text: str, d: TextDate) -> str:
    return text[d.start : d.end]


def _place_yearless(d: TextDate, span: Interval) -> PartialDate | None:
    """A year for a month-day date: the focus year, or the neighbour that fits the bounds."""
    if span.focus is None or d.month is None:
        return None
    for year in (span.focus, span.focus + 1, span.focus - 1):
        value = make_date(year, d.month, d.day)
        if value and span.low <= value.earliest() and value.latest() <= span.high:
            return value
    return None


def resolve(text: str, d: TextDate, span: Interval, confidence: float) -> Candidate | None:
    """A text date as a Candidate: written parts kept, a missing year placed by the interval."""
    if d.year is not None:
        value = make_date(d.year, d.month, d.day)
        confidence -= AMBIGUOUS_PENALTY if d.ambiguous else 0.0
    else:
        value, confidence = _place_yearless(d, span), min(confidence, YEARLESS_CONFIDENCE)
    if value is None:
        return None
    return Candidate(value, "text", confidence, _evidence(text, d), d.start, d.end)


def lead_date(text: str, dates: list[TextDate], span: Interval) -> Candidate | None:
    """The first date of the dateline / lead sentence that is not a cited document's date."""
    for d in dates:
        if d.start >= LEAD_CHARS:
            break
        if not d.referenced and d.month is not None:
            return resolve(text, d, span, LEAD_CONFIDENCE)
    return None


def body_date(text: str, dates: list[TextDate], span: Interval) -> Candidate | None:
    """The first full, non-referenced date after the lead that fits the interval."""
    for d in dates:
        if d.start >= LEAD_CHARS and d.complete and not d.referenced:
            found = resolve(text, d, span, BODY_CONFIDENCE)
            if found and span.low <= found.value.earliest() <= span.high:
                return found
    return None


def inferred(span: Interval) -> Candidate | None:
    value = span.cut()
    if value is None:
        return None
    conf = INFERRED_MONTH_CONFIDENCE if value.precision == "month" else INFERRED_YEAR_CONFIDENCE
    why = f"between {span.low.isoformat()} and {span.high.isoformat()}, year focus {span.focus}"
    return Candidate(value, "inferred", conf, why)


def refine(text: str, dates: list[TextDate], coarse: Candidate, today: date) -> Candidate | None:
    """A finer date in the text that lies inside a coarse answer (header 2024-12 + "27 décembre")."""
    span = interval(text, dates, today, coarse.value)
    for d in dates:
        if d.referenced or d.day is None:
            continue
        found = resolve(text, d, span, coarse.confidence)
        if found and coarse.value.contains(found.value):
            why = f"{found.evidence} (refines {coarse.source} {coarse.value.iso()})"
            return found.with_(confidence=coarse.confidence, evidence=why)
    return None
