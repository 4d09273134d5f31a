"""Dates from an HTML page: the signals the page gives, each read on its own.

- htmldate (`original_date=True`, its own benchmark convention) weighs meta tags, JSON-LD,
  <time> elements and visible dates; alone it beats any single field (`eval/dates.py`);
- the fields that name the *publication*: `<meta>` published-time properties, JSON-LD
  `datePublished`, `itemprop="datePublished"` (precision kept: `"1988"` stays a year);
- the fields that name a *modification* (`article:modified_time`, `dateModified`, ...);
- the visible text: every full date a reader sees (scripts and styles dropped), and the
  *dateline*, the first one next to the headline (<h1>);
- the URL (`/2024/12/26/`).

`dates_vote.py` combines them. HTML is always passed as a string, never a URL: htmldate
would fetch it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from lxml import etree
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
# <meta> names/properties that declare a later modification of the page.
MODIFIED_META = (
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
)
JSONLD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{4,40})"')
JSONLD_MODIFIED = re.compile(r'"dateModified"\s*:\s*"([^"]{4,40})"')
INVISIBLE = ("script", "style", "noscript", "template", "head")
# The dateline sits just above or below the headline: from this many characters before the
# <h1> text to this many after its start (kicker, byline and lead included).
DATELINE_BEFORE_CHARS = 100
DATELINE_AFTER_CHARS = 1000
URL_DATE = re.compile(
    r"(?<![\d])(?P<year>(?:19|20)\d\d)[/_.-](?P<month>0?[1-9]|1[0-2])"
    r"(?:[/_.-](?P<day>0?[1-9]|[12]\d|3[01]))?(?=[/_.-])"
)
META_CONFIDENCE = 0.9  # a publisher's own published-time field is rarely wrong
URL_CONFIDENCE = 0.7  # URL dates are routing paths: usually the publication day, sometimes an archive
HTMLDATE_MIN = "1995-01-01"  # htmldate's own floor: the web before it has few dated pages


XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def parse_tree(raw: str) -> lxml_html.HtmlElement | None:
    """The page as a tree; an XML declaration (lxml refuses one in a str) is dropped first."""
    try:
        return lxml_html.document_fromstring(XML_DECLARATION.sub("", raw, count=1))
    except (ValueError, lxml_html.etree.ParserError):
        return None


def _meta_values(tree: lxml_html.HtmlElement, names: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    found: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if key in names and el.get("content") and key not in found:
            found[key] = el.get("content", "")
    for key in names:
        if key in found:
            yield f"meta {key}", found[key]


def _jsonld_values(
    tree: lxml_html.HtmlElement, pattern: re.Pattern[str], name: str
) -> Iterator[tuple[str, str]]:
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        for value in pattern.findall(script):
            yield f"json-ld {name}", value


def _itemprop_values(tree: lxml_html.HtmlElement, name: str) -> Iterator[tuple[str, str]]:
    for el in tree.xpath(f'//*[@itemprop="{name}"][not(self::meta)]'):
        value = el.get("datetime") or el.get("content")
        if value:
            yield f"itemprop {name}", value


def _parsed(fields: Iterator[tuple[str, str]]) -> Iterator[tuple[str, PartialDate]]:
    """(field: value, date) for each field value that parses without ambiguity."""
    for field, value in fields:
        found, ambiguous = parse_machine(value.strip())
        if found is not None and not ambiguous:
            yield f"{field}: {value.strip()[:40]}", found


def published_fields(tree: lxml_html.HtmlElement) -> Iterator[tuple[str, PartialDate]]:
    """Every publication field of the page, most specific first."""
    yield from _parsed(_meta_values(tree, PUBLISHED_META))
    yield from _parsed(_jsonld_values(tree, JSONLD_PUBLISHED, "datePublished"))
    yield from _parsed(_itemprop_values(tree, "datePublished"))


def modified_fields(tree: lxml_html.HtmlElement) -> Iterator[tuple[str, PartialDate]]:
    """Every modification field of the page."""
    yield from _parsed(_meta_values(tree, MODIFIED_META))
    yield from _parsed(_jsonld_values(tree, JSONLD_MODIFIED, "dateModified"))
    yield from _parsed(_itemprop_values(tree, "dateModified"))


def from_meta_tags(raw: str) -> Candidate | None:
    """The first machine-readable publication field of the page that parses."""
    tree = parse_tree(raw)
    if tree is None:
        return None
    for field, found in published_fields(tree):
        return Candidate(found, "metadata", META_CONFIDENCE, field)
    return None


@dataclass(frozen=True)
class Visible:
    """The full dates a reader sees on the page, and the one next to the headline."""

    dates: frozenset[PartialDate]
    dateline: PartialDate | None


def visible_dates(tree: lxml_html.HtmlElement, lang: str | None) -> Visible:
    """Full dates in the page's visible text; the dateline is the first near the <h1>.

    Works on a copy: scripts, styles and the head are dropped from it, never from `tree`.
    """
    body = tree.find("body")
    if body is None:
        return Visible(frozenset(), None)
    body = lxml_html.fromstring(lxml_html.tostring(body))
    etree.strip_elements(body, *INVISIBLE, etree.Comment, with_tail=False)
    text = body.text_content()
    found = [d for d in find_text_dates(text, lang) if d.complete and not d.referenced]
    values = [(make_date(d.year, d.month, d.day), d.start) for d in found]  # type: ignore[arg-type]
    days = [(v, start) for v, start in values if v is not None]
    h1 = body.find(".//h1")
    title = h1.text_content().strip() if h1 is not None else ""
    at = text.find(title) if title else -1
    dateline = None
    if at >= 0:
        near = (v for v, start in days if at - DATELINE_BEFORE_CHARS <= start <= at + DATELINE_AFTER_CHARS)
        dateline = next(near, None)
    return Visible(frozenset(v for v, _ in days), dateline)


def _day_was_written(raw: str, value: PartialDate, lang: str | None) -> bool:
    """htmldate fills a missing day with 01: keep the day only if the page writes it somewhere."""
    if value.day != 1:
        return True
    return any(
        (d.year, d.month, d.day) == (value.year, value.month, value.day) for d in find_text_dates(raw, lang)
    )


def htmldate_day(raw: str | lxml_html.HtmlElement, now: datetime) -> PartialDate | None:
    """htmldate's original (publication) date as it gives it (a day, perhaps an invented 01)."""
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
    return parse_machine(found)[0] if found else None


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
