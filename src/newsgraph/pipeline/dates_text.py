"""Dates written in running text, per language, from the data files in `data/dates/`.

The code knows no language: month names, patterns, numeric order and the words that mark
a referenced document's date ("dated", "المؤرخ", "от") come from `data/dates/<lang>.json`
plus `common.json`. A found date keeps only the parts that were written (`{month} {day}`
has no year) and its offsets into the text, so `text[d.start:d.end]` is the evidence.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .dates_values import MAX_YEAR, MIN_YEAR, read_numeric

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "dates"
DAY = r"(?<!\d)(?P<day>0?[1-9]|[12]\d|3[01])(?!\d)"
MNUM = r"(?<!\d)(?P<mnum>0?[1-9]|1[0-2])(?!\d)"
YEAR = r"(?<!\d)(?P<year>(?:19|20)\d\d)(?!\d)"
NUM_A = r"(?<!\d)(?P<a>\d{1,2})"
NUM_B = r"(?P<b>\d{1,2})(?!\d)"
# How far before a date a reference marker may end (spaces, a comma, "the"...).
MARKER_GAP_CHARS = 3
# A standalone year in running text: not part of a longer number, a code or a range.
YEAR_TOKEN = re.compile(r"(?<![\d/.\-–])(?:19|20)\d\d(?![\d/\-–]|\.\d)")
CODE_TOKEN = re.compile(r"(?:\S*\d\S*|[A-Z][A-Z\-/]{1,})$")
# Digits of other scripts → ASCII, one character for one, so offsets stay valid.
DIGIT_RANGES = (0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0E50, 0xFF10)
ASCII_DIGITS = {base + i: ord("0") + i for base in DIGIT_RANGES for i in range(10)}


@dataclass(frozen=True)
class TextDate:
    """A date as written: parts absent from the text stay None; offsets index the text."""

    year: int | None
    month: int | None
    day: int | None
    start: int
    end: int
    referenced: bool = False  # the date of a cited document: a lower bound, not the publication
    ambiguous: bool = False  # numeric day/month order decided by the language's convention

    @property
    def complete(self) -> bool:
        return self.year is not None and self.month is not None and self.day is not None


@dataclass(frozen=True)
class LanguageDates:
    patterns: tuple[re.Pattern[str], ...]
    months: dict[str, int]
    numeric_order: str
    markers: re.Pattern[str] | None
    code_markers: re.Pattern[str] | None


def _read(name: str) -> dict[str, Any]:
    path = DATA_DIR / f"{name}.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def available_languages() -> list[str]:
    return sorted(p.stem for p in DATA_DIR.glob("*.json") if p.stem != "common")


def _compile_pattern(template: str, month_alt: str) -> re.Pattern[str] | None:
    if "{month}" in template and not month_alt:
        return None
    month = rf"(?<!\w)(?P<month>{month_alt})(?!\w)"
    body = (
        template.replace("{day}", DAY)
        .replace("{mnum}", MNUM)
        .replace("{year}", YEAR)
        .replace("{month}", month)
        .replace("{a}", NUM_A)
        .replace("{b}", NUM_B)
    )
    return re.compile(body, re.IGNORECASE)


def _marker_regex(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})[\s,:]{{0,{MARKER_GAP_CHARS}}}$", re.IGNORECASE)


@lru_cache(maxsize=64)
def load_language(lang: str | None) -> LanguageDates:
    """Patterns of one language plus the common ones; unknown language: common only."""
    data = _read(lang) if lang and re.fullmatch(r"[a-z]{2,3}", lang) else {}
    months = {k.lower(): int(v) for k, v in data.get("months", {}).items()}
    month_alt = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    templates = data.get("patterns", []) + _read("common").get("patterns", [])
    compiled = (_compile_pattern(t, month_alt) for t in templates)
    return LanguageDates(
        patterns=tuple(p for p in compiled if p is not None),
        months=months,
        numeric_order=data.get("numeric_order", "dmy"),
        markers=_marker_regex(data.get("reference_markers", [])),
        code_markers=_marker_regex(data.get("reference_markers_after_code", [])),
    )


def _parts(m: re.Match[str], lang: LanguageDates) -> tuple[int | None, int | None, int | None, bool] | None:
    g = m.groupdict()
    year = int(g["year"]) if g.get("year") else None
    if g.get("a"):
        found, ambiguous = read_numeric(int(g["a"]), int(g["b"]), year or 2000, lang.numeric_order)
        return (year, found.month, found.day, ambiguous) if found else None
    month = int(g["mnum"]) if g.get("mnum") else None
    if g.get("month"):
        month = lang.months.get(g["month"].lower().rstrip("."))
    day = int(g["day"]) if g.get("day") else None
    if month is None or (year is not None and not MIN_YEAR <= year <= MAX_YEAR):
        return None
    return year, month, day, False


def _is_referenced(text: str, start: int, lang: LanguageDates) -> bool:
    before = text[max(0, start - 60) : start]
    if lang.markers and lang.markers.search(before):
        return True
    m = lang.code_markers.search(before) if lang.code_markers else None
    if not m:
        return False
    words = before[: m.start()].split()
    return bool(words) and bool(CODE_TOKEN.match(words[-1]))


def _matches(text: str, lang: LanguageDates) -> list[re.Match[str]]:
    """All pattern matches; overlaps resolved by position, then by the longest match."""
    found = [m for p in lang.patterns for m in p.finditer(text)]
    found.sort(key=lambda m: (m.start(), -(m.end() - m.start())))
    kept: list[re.Match[str]] = []
    for m in found:
        if not kept or m.start() >= kept[-1].end():
            kept.append(m)
    return kept


def find_text_dates(text: str, lang: str | None) -> list[TextDate]:
    """Every date written in `text`, in reading order, with the parts that were present."""
    data = load_language(lang)
    text = text.translate(ASCII_DIGITS)
    out: list[TextDate] = []
    for m in _matches(text, data):
        parts = _parts(m, data)
        if parts is None:
            continue
        year, month, day, ambiguous = parts
        referenced = _is_referenced(text, m.start(), data)
        out.append(TextDate(year, month, day, m.start(), m.end(), referenced, ambiguous))
    return out


YEAR_RANGE = re.compile(r"(?<![\d/.])((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)(?![\d/])")
ANNIVERSARY_MIN_SPAN = 10  # "(1975-2025)" marks an anniversary: its later year is the present


def year_counts(text: str) -> Counter[int]:
    """How often each standalone year is mentioned: the article's year focus.

    A year range counts apart: a long one ("50 years of reunification (1975-2025)") speaks for its
    later year only; a short one ("the 2025-2030 term", "2020-2025") names a term and says nothing
    about when the article was written."""
    text = text.translate(ASCII_DIGITS)
    counts: Counter[int] = Counter()
    for m in YEAR_RANGE.finditer(text):
        first, last = int(m.group(1)), int(m.group(2))
        if last - first >= ANNIVERSARY_MIN_SPAN:
            counts[last] += 1
    years = (int(y) for y in YEAR_TOKEN.findall(YEAR_RANGE.sub(" ", text)))
    counts.update(y for y in years if MIN_YEAR <= y <= MAX_YEAR)
    return Counter({y: n for y, n in counts.items() if MIN_YEAR <= y <= MAX_YEAR})
