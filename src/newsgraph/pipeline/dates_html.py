"""Dates from an HTML page: its metadata (htmldate, then our own reading) and its URL.

htmldate (`original_date=True`) weighs meta tags, JSON-LD, <time> elements and visible
dates; on its benchmark it beats any single field (measured: `eval/dates.py`). Our own
reading, used when htmldate finds nothing, looks only at fields that name the *publication*
(never a modification): `<meta>` published-time properties, JSON-LD `datePublished`,
`itemprop="datePublished"`; it keeps the precision the field had (`"1988"` stays a year). HTML is always
passed as a string, never a URL: htmldate would fetch it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime, timedelta

from lxml import html as lxml_html

from .dates_text import find_text_dates
from .dates_values import Candidate, PartialDate, make_date, parse_machine

log = logging.getLogger(__name__)

# <meta> names/properties that declare the first publication, most specific first.
PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "publishdate",
    "pubdate",
    "publication_date",
    "sailthru.date",
    "parsely-pub-date",
    "cxenseparse:recs:publishtime",
    "vr:published-time",
)
JSONLD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{4,40})"')
URL_DATE = re.compile(
    r"(?<![\d])(?P<year>(?:19|20)\d\d)[/_.-](?P<month>0?[1-9]|1[0-2])"
    r"(?:[/_.-](?P<day>0?[1-9]|[12]\d|3[01]))?(?=[/_.-])"
)
META_CONFIDENCE = 0.9  # a publisher's own published-time field is rarely wrong
HTMLDATE_CONFIDENCE = 0.8  # htmldate's published F ≈ 0.95 on its own benchmark
URL_CONFIDENCE = 0.7  # URL dates are routing paths: usually the publication day, sometimes an archive
HTMLDATE_MIN = "1995-01-01"  # htmldate's own floor: the web before it has few dated pages


def parse_tree(raw: str) -> lxml_html.HtmlElement | None:
    try:
        return lxml_html.document_fromstring(raw)
    except (ValueError, lxml_html.etree.ParserError):
        return None


def _meta_values(tree: lxml_html.HtmlElement) -> Iterator[tuple[str, str]]:
    found: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if key in PUBLISHED_META and el.get("content") and key not in found:
            found[key] = el.get("content", "")
    for key in PUBLISHED_META:
        if key in found:
            yield f"meta {key}", found[key]


def _jsonld_values(tree: lxml_html.HtmlElement) -> Iterator[tuple[str, str]]:
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        for value in JSONLD_PUBLISHED.findall(script):
            yield "json-ld datePublished", value


def _itemprop_values(tree: lxml_html.HtmlElement) -> Iterator[tuple[str, str]]:
    for el in tree.xpath('//*[@itemprop="datePublished"][not(self::meta)]'):
        value = el.get("datetime") or el.get("content")
        if value:
            yield "itemprop datePublished", value


def from_meta_tags(raw: str) -> Candidate | None:
    """The first machine-readable publication field of the page that parses."""
    tree = parse_tree(raw)
    if tree is None:
        return None
    for producer in (_meta_values, _jsonld_values, _itemprop_values):
        for field, value in producer(tree):
            found, ambiguous = parse_machine(value.strip())
            if found is not None and not ambiguous:
                return Candidate(found, "metadata", META_CONFIDENCE, f"{field}: {value.strip()[:40]}")
    return None


def _day_was_written(raw: str, value: PartialDate, lang: str | None) -> bool:
    """htmldate fills a missing day with 01: keep the day only if the page writes it somewhere."""
    if value.day != 1:
        return True
    return any(
        (d.year, d.month, d.day) == (value.year, value.month, value.day) for d in find_text_dates(raw, lang)
    )


def from_htmldate(raw: str, now: datetime, lang: str | None = None) -> Candidate | None:
    """htmldate's original (publication) date; its invented first-of-month days are cut."""
    from htmldate import find_date  # imported on first use: it loads dateparser data

    try:
        found = find_date(
            raw,
            original_date=True,
            outputformat="%Y-%m-%d",
            min_date=HTMLDATE_MIN,
            max_date=(now + timedelta(days=1)).strftime("%Y-%m-%d"),
        )
    except Exception as e:  # htmldate raises on odd markup; the chain goes on
        log.debug("htmldate failed: %s", e)
        return None
    value, _ = parse_machine(found) if found else (None, False)
    if value is None:
        return None
    if not _day_was_written(raw, value, lang):
        value = PartialDate(value.year, value.month)
    return Candidate(value, "metadata", HTMLDATE_CONFIDENCE, f"htmldate: {found}")


def from_url(url: str | None) -> Candidate | None:
    """`/2024/12/26/`, `/2024-12-26-`, `/2024/12/` (month precision) in the URL path."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    path = re.sub(r"^/web/\d{14}/.*?://[^/]+", "", path)  # archive snapshot: the original URL counts
    for m in URL_DATE.finditer(path + "/"):
        value = make_date(int(m["year"]), int(m["month"]), int(m["day"]) if m["day"] else None)
        if value is not None:
            return Candidate(value, "url", URL_CONFIDENCE, f"url: {m.group(0)}")
    return None
