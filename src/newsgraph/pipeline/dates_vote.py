"""The day an HTML page was published, by agreement between its independent signals.

Each signal of `dates_html.py` names zero or more days; a day scores the weights of the
signals that name it (each signal counts once) and the best-scoring day wins. Ties go to
htmldate's answer, then to the earlier day. What this encodes:

- a publication field, htmldate, the URL path and the visible dateline are each good alone
  and very strong together (an URL date that matches a field settles the publisher's own
  calendar day where the field was written in UTC);
- a day the reader can see on the page outweighs one hidden in markup;
- a modification date counts only with support: it wins when the page shows it as its
  dateline and nowhere shows the publication date (the page presents itself by it);
  when the page shows both, the publication date wins.

The answer's source is "metadata", or "url" when the URL alone named the day. Days before
`EARLIEST_WEB_DATE` or after today are no candidates. Weights are small integers chosen on
the even-indexed half of the htmldate dev set and checked on the odd half (`eval/dates.py`
reports both); there are no per-site rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from . import dates_html as html
from .dates_values import Candidate, PartialDate

WEIGHTS = {
    "htmldate": 2,  # htmldate's original date: F 0.95 on its benchmark, the best single signal
    "published": 3,  # a publication field: the publisher's own statement
    "modified": 2,  # a modification field: only wins with visible support (see above)
    "url": 2,  # a day in the URL path: a routing decision taken at publication
    "dateline": 2,  # the first full date next to the headline
    "visible": 2,  # anywhere in the visible text: the page stands behind it
}
PROPOSERS = ("htmldate", "published", "modified", "url", "dateline")  # "visible" only supports
EARLIEST_WEB_DATE = date(1995, 1, 1)  # before it, a web page's "publication date" is a quoted one
BASE_CONFIDENCE = 0.6
POINT_CONFIDENCE = 0.05  # htmldate alone (2 points) → 0.7; three agreeing signals → 0.9+
MAX_CONFIDENCE = 0.95


@dataclass(frozen=True)
class Signals:
    """The days each signal names; `htmldate` is its raw answer (first-of-month not yet cut)."""

    by_name: dict[str, frozenset[PartialDate]]

    def days(self) -> set[PartialDate]:
        return {d for name in PROPOSERS for d in self.by_name.get(name, frozenset())}

    def support(self, day: PartialDate) -> list[str]:
        return [name for name in WEIGHTS if day in self.by_name.get(name, frozenset())]


def _days(values: Iterable[PartialDate | None]) -> frozenset[PartialDate]:
    return frozenset(v for v in values if v is not None and v.precision == "day")


def read_signals(raw: str, url: str | None, now: datetime, lang: str | None) -> Signals | None:
    """Every day-precision signal of the page, or None if it does not parse as HTML."""
    tree = html.parse_tree(raw)
    if tree is None:
        return None
    from_url = html.from_url(url)
    visible = html.visible_dates(tree, lang)
    return Signals(
        {
            "htmldate": _days([html.htmldate_day(raw, now)]),
            "published": _days(v for _, v in html.published_fields(tree)),
            "modified": _days(v for _, v in html.modified_fields(tree)),
            "url": _days([from_url.value if from_url else None]),
            "dateline": _days([visible.dateline]),
            "visible": _days(visible.dates),
        }
    )


def score(signals: Signals, day: PartialDate) -> int:
    return sum(WEIGHTS[name] for name in signals.support(day))


def elect(signals: Signals, today: date) -> Candidate | None:
    """The best-supported plausible day, its supporters named in the evidence."""
    days = [d for d in signals.days() if EARLIEST_WEB_DATE <= d.earliest() <= today]
    if not days:
        return None
    htmldate = signals.by_name.get("htmldate", frozenset())
    best = max(sorted(days, key=lambda d: d.earliest()), key=lambda d: (score(signals, d), d in htmldate))
    points = score(signals, best)
    confidence = min(MAX_CONFIDENCE, BASE_CONFIDENCE + POINT_CONFIDENCE * points)
    support = signals.support(best)
    source = "url" if support == ["url"] else "metadata"  # the page's HTML said nothing for it
    return Candidate(best, source, confidence, f"votes {points}: {', '.join(support)}")


def from_page(raw: str, url: str | None, now: datetime, today: date, lang: str | None) -> Candidate | None:
    """The page's publication day by vote; htmldate's unwritten first-of-month is cut to the month."""
    signals = read_signals(raw, url, now, lang)
    found = elect(signals, today) if signals is not None else None
    if found is None or signals is None:
        return None
    if signals.support(found.value) == ["htmldate"] and not html._day_was_written(raw, found.value, lang):
        value = found.value
        return found.with_(
            value=PartialDate(value.year, value.month), evidence=f"{found.evidence} (day not written)"
        )
    return found
