"""Find date: `published` = date cut to its precision + where it came from, never invented.

The chain, top to bottom; the first link whose answer is confident enough and not in the
future wins, and `published.source` names it (STYLE 2.4):

1. declared   — `meta["date"]` from a text header, feed entry or record field
2. metadata   — the page's signals by vote (htmldate, published/modified fields, URL,
                visible dateline; `dates_vote.py`), then a coarse published field (HTML only)
3. url        — `/2024/12/26/` in `meta["url"]`
4. text       — the first date of the dateline / lead sentence (a year-less one gets its
                year from the interval below)
5. text       — a full date later in the body, inside the interval (low confidence)
6. inferred   — the interval: after every referenced document's date, before ingestion
                time, inside the article's year focus; cut to the month or year it fits

A date later than `now + future_tolerance_days` is flagged in `date_flags` and the chain
goes on. A coarse winner (header `2024-12`) is then *refined* by a text date inside it
("le 27 décembre" → 2024-12-27): the result's source is "text", since its day and its
offsets come from the text, and its evidence names the coarse source it refines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ..config import Settings
from ..model.document import Document, Published
from . import dates_html as html
from . import dates_infer as infer
from . import dates_vote as vote
from .dates_text import TextDate, find_text_dates, load_language
from .dates_values import Candidate, make_date, parse_machine

REQUIRES = ("text", "raw", "kind", "meta", "lang")
ASSIGNS = ("published", "date_flags")

DECLARED_SOURCES = ("header", "feed", "field")
DECLARED_CONFIDENCE = 0.95  # the source said so; wrong only by the publisher's mistake
AMBIGUOUS_PENALTY = 0.25  # 03/07/2023 read by the language's convention


@dataclass
class Context:
    """What every link may look at: the document, its text dates (found once) and the clock."""

    doc: Document
    dates: list[TextDate]
    now: datetime
    tolerance: timedelta

    @property
    def today(self) -> date:
        return (self.now + self.tolerance).date()

    def span(self) -> infer.Interval:
        return infer.interval(self.doc.text, self.dates, self.today, None)


Link = Callable[[Context], Candidate | None]


def from_declared(ctx: Context) -> Candidate | None:
    """`meta["date"]`: machine formats first, then a written date in the document's language."""
    value = str(ctx.doc.meta.get("date") or "").strip()
    if not value:
        return None
    source = ctx.doc.meta.get("date_source", "field")
    source = source if source in DECLARED_SOURCES else "field"
    found, ambiguous = parse_machine(value, load_language(ctx.doc.lang).numeric_order)
    if found is None:
        written = [d for d in find_text_dates(value, ctx.doc.lang) if d.year is not None]
        if not written:
            return None
        d = written[0]
        found, ambiguous = make_date(d.year, d.month, d.day), d.ambiguous  # type: ignore[arg-type]
    if found is None:
        return None
    conf = DECLARED_CONFIDENCE - (AMBIGUOUS_PENALTY if ambiguous else 0.0)
    return Candidate(found, source, conf, f"{source}: {value}")


def from_meta_tags(ctx: Context) -> Candidate | None:
    return html.from_meta_tags(ctx.doc.raw) if ctx.doc.kind == "html" else None


def from_page(ctx: Context) -> Candidate | None:
    if ctx.doc.kind != "html":
        return None
    return vote.from_page(ctx.doc.raw, ctx.doc.meta.get("url"), ctx.now, ctx.today, ctx.doc.lang)


def from_url(ctx: Context) -> Candidate | None:
    return html.from_url(ctx.doc.meta.get("url"))


def from_lead(ctx: Context) -> Candidate | None:
    return infer.lead_date(ctx.doc.text, ctx.dates, ctx.span())


def from_body(ctx: Context) -> Candidate | None:
    return infer.body_date(ctx.doc.text, ctx.dates, ctx.span())


def from_inference(ctx: Context) -> Candidate | None:
    return infer.inferred(ctx.span())


CHAIN: tuple[Link, ...] = (
    from_declared,
    from_page,
    from_meta_tags,
    from_url,
    from_lead,
    from_body,
    from_inference,
)


def is_future(found: Candidate, ctx: Context) -> bool:
    return found.value.earliest() > ctx.today


def run_chain(ctx: Context, settings: Settings) -> tuple[Candidate | None, list[str]]:
    """The first confident, not-future answer, and the flags raised on the way."""
    flags: list[str] = []
    for link in CHAIN:
        found = link(ctx)
        if found is None or found.confidence < settings.dates.min_confidence:
            continue
        if is_future(found, ctx):
            flags.append(f"future: {found.value.iso()} from {found.source}")
            continue
        return found, flags
    return None, flags


def refine(found: Candidate, ctx: Context) -> Candidate:
    """A month- or year-precision answer made finer by a text date that lies inside it."""
    if found.value.precision == "day" or found.source in ("text", "inferred"):
        return found
    finer = infer.refine(ctx.doc.text, ctx.dates, found, ctx.today)
    return finer if finer is not None and not is_future(finer, ctx) else found


def to_published(found: Candidate) -> Published:
    return Published(
        date=found.value.iso(),
        precision=found.value.precision,
        source=found.source,
        confidence=round(found.confidence, 3),
        evidence=found.evidence,
        start=found.start,
        end=found.end,
    )


def predict_one(doc: Document, settings: Settings, now: datetime) -> tuple[Published | None, list[str]]:
    """Pure: the publication date of one document and the flags, without touching it."""
    tolerance = timedelta(days=settings.dates.future_tolerance_days)
    ctx = Context(doc, find_text_dates(doc.text, doc.lang), now, tolerance)
    found, flags = run_chain(ctx, settings)
    return (to_published(refine(found, ctx)) if found else None), flags


def find_dates(docs: list[Document], settings: Settings, now: datetime | None = None) -> list[Document]:
    """Stage entry: set `published` and `date_flags` on each document."""
    now = now or datetime.now(UTC)
    for doc in docs:
        doc.published, flags = predict_one(doc, settings, now)
        doc.date_flags = flags  # this stage owns the field: a re-run replaces, never appends
    return docs
