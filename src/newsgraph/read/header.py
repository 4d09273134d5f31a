"""Leading key/value headers of plain-text articles, found without eating prose.

Forms seen in real inputs, all handled by the same rules:
- ` date 2024-12-12 HÀ NỘI — State President ...`: one key, a date, and the article goes
  on on the same line (the "inline" form);
- ` date 2024-12` alone on its line, then the text (the "block" form, below);
- a block of `title: X` / `date=2024-12-01` / `source Reuters` lines ended by a blank line;
- YAML-style front matter between `---` lines.

What keeps prose safe ("Date palms grow ...", "Published 2024 by Penguin, the book ..."):
a value must fit its key (a date must look like a date, a URL like a URL); a block needs
at least one line that is unmistakably a header (`key:` / `key=`, or a date key with a
date); and the inline form, where text follows on the same line, needs a lower-case key
or a date with a month, as machine-written headers have and sentences do not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

# header key (lower case) → meta key; any other known key is kept only in meta["headers"]
KEYS = {
    "date": "date", "published": "date", "pubdate": "date", "datetime": "date", "dateline": "date",
    "title": "title", "headline": "title", "url": "url", "link": "url", "canonical": "url",
    "lang": "lang", "language": "lang", "author": "author", "byline": "author", "id": "id",
    "guid": "id", "source": None, "section": None, "category": None, "categories": None,
    "tags": None, "keywords": None, "subtitle": None, "summary": None, "publisher": None,
}
DATE_KEYS = frozenset(k for k, v in KEYS.items() if v == "date")
MAX_HEADER_LINES = 20
MAX_VALUE_CHARS = 300
MAX_DATE_CHARS = 60
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?"
_MONTHS = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?")
# a date with at least a month (numeric, ISO, or English month names)
FULL_DATE = re.compile(
    rf"(?:(?:19|20)\d{{2}}[-/.]\d{{1,2}}(?:[-/.]\d{{1,2}})?{_TIME}"
    rf"|\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:19|20)?\d{{2}}{_TIME}"
    rf"|(?:[a-z]{{3}},?\s+)?\d{{1,2}}\s+{_MONTHS}\s+(?:19|20)\d{{2}}{_TIME}"
    rf"|{_MONTHS}\s+\d{{1,2}},?\s+(?:19|20)\d{{2}}{_TIME})",
    re.IGNORECASE,
)
YEAR = re.compile(r"(?:19|20)\d{2}")
_SEPARATED = re.compile(r"^\s*([A-Za-z][\w-]*)\s*[:=]\s*(.*?)\s*$")  # key: value, key=value
_SPACED = re.compile(r"^\s*([A-Za-z][\w-]*)\s+(\S.*?)\s*$")  # key value
_INLINE = re.compile(r"^\s*([A-Za-z][\w-]*)\s*[:=]?\s+")


@dataclass
class Header:
    """What a text's header said, and where the article starts after it."""

    fields: dict[str, str] = field(default_factory=dict)  # every key seen → its value
    body: str = ""


def split_header(text: str) -> Header:
    """Separate a leading header from the article; no header found → all of `text` is the body."""
    for parse in (_front_matter, _inline, _block):
        found = parse(text)
        if found is not None:
            return found
    return Header(body=text)


def is_date(value: str, need_month: bool = False) -> bool:
    """The whole value is a date: ISO, numeric, written month, or (unless need_month) a year."""
    value = value.strip()
    return bool(FULL_DATE.fullmatch(value) or (not need_month and YEAR.fullmatch(value)))


def _is_url(value: str) -> bool:
    return bool(re.fullmatch(r"(?:https?|ftp)://\S+|www\.\S+", value))


def _is_lang(value: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*|[A-Za-z]{4,20}", value))


def _is_id(value: str) -> bool:
    return bool(re.fullmatch(r"\S{1,200}", value))


def _any(value: str) -> bool:
    return 0 < len(value) <= MAX_VALUE_CHARS


VALIDATORS: dict[str, Callable[[str], bool]] = {"date": is_date, "url": _is_url, "lang": _is_lang, "id": _is_id}


def _fits(key: str, value: str, separated: bool) -> bool:
    """`date: 12 tháng 12 năm 2024` is a header (the colon says so); `date 12 tháng` needs a real date."""
    if separated and key in DATE_KEYS:
        return bool(YEAR.search(value)) and len(value) <= MAX_DATE_CHARS
    return VALIDATORS.get(KEYS[key] or "", _any)(value)


def _header_line(line: str) -> tuple[str, str, bool] | None:
    """(key, value, strong) for a header line; strong = `key:`/`key=`, or a date key with a date."""
    for pattern, strong in ((_SEPARATED, True), (_SPACED, False)):
        m = pattern.match(line)
        key = m.group(1).lower() if m else ""
        if m and key in KEYS and _fits(key, m.group(2), strong):
            return key, m.group(2), strong or key in DATE_KEYS
    return None


def _block(text: str) -> Header | None:
    """Header lines from the top, to a blank line; kept if one line is strong and, when text
    follows straight after them, only if every line is strong."""
    lines = text.lstrip("\n").split("\n", MAX_HEADER_LINES + 1)
    fields: dict[str, str] = {}
    strong: list[bool] = []
    n, last = 0, min(len(lines), MAX_HEADER_LINES)
    while n < last and lines[n].strip() and (parsed := _header_line(lines[n])):
        fields[parsed[0]] = parsed[1]
        strong.append(parsed[2])
        n += 1
    ends_clean = n >= len(lines) or not lines[n].strip()
    if not fields or not any(strong) or not (ends_clean or all(strong)):
        return None
    return Header(fields, "\n".join(lines[n:]).lstrip("\n"))


def _inline(text: str) -> Header | None:
    """` date 2024-12-12 HÀ NỘI — ...`: a date key, a date, and the article on the same line."""
    m = _INLINE.match(text)
    if not m or m.group(1).lower() not in DATE_KEYS:
        return None
    rest = text[m.end():]
    date = _leading_date(rest, need_month=not m.group(1).islower())
    after = rest[len(date or ""):].lstrip(" \t,;:|")
    if date is None or after.startswith("\n") or not after:
        return None  # nothing else on the line: a header line, the block parser's case
    return Header({m.group(1).lower(): date}, after)


def _leading_date(text: str, need_month: bool) -> str | None:
    """The longest date at the start of `text` that ends at a word boundary."""
    head = text.split("\n", 1)[0][:80]
    m = FULL_DATE.match(head) or (None if need_month else YEAR.match(head))
    if m is None or (m.end() < len(head) and head[m.end()].isalnum()):
        return None
    return m.group(0)


def _front_matter(text: str) -> Header | None:
    """`---` / key: value lines / `---`, as static-site generators write."""
    lines = text.split("\n", MAX_HEADER_LINES + 2)
    if lines[0].strip() != "---":
        return None
    for n, line in enumerate(lines[1 : MAX_HEADER_LINES + 1], start=1):
        if line.strip() == "---":
            parsed = [_header_line(x) for x in lines[1:n] if x.strip()]
            fields = {p[0]: p[1] for p in parsed if p}
            return Header(fields, "\n".join(lines[n + 1 :]).lstrip("\n")) if fields else None
    return None


def header_meta(fields: dict[str, str]) -> dict[str, object]:
    """Meta keys for a header: the standard ones (date, title, url...) plus all in `headers`."""
    meta: dict[str, object] = {}
    for key, value in fields.items():
        std = KEYS.get(key)
        if std and std not in meta:
            meta[std] = value
    if "date" in meta:
        meta["date_source"] = "header"
    meta["headers"] = dict(fields)
    return meta
