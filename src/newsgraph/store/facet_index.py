"""Search facets counted in memory: each document's language, month, mention types, dates and story
as numpy arrays indexed by rowid, one copy per database file shared by every handle of a process (as
the passage matrices are, vectors.SHARED).

A keyword search's facets then read the matching rowids once from the full-text index and count them
with numpy, instead of joining every match to `doc_facets` in SQL once for the counts and again for
the month histogram without the date filters (a word found in half of 100k documents: ≈ 60 ms of SQL
against ≈ 20 ms). The counts are exact: a copy serves one `store_versions` version (triggers bump it
on every write to doc_facets or story_members, migration 017) and a stale copy is reloaded — at most
once every few seconds, so that a live ingest does not make every search pay a reload; between
reloads the caller counts in SQL (`FacetIndexes.get` answers None).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .base import Filters
from .records import period

UNDATED_LO = 99_999_999  # a document with no date fails every `until` test …
UNDATED_HI = -1  # … and every `since` test, as NULL does in SQL


def _day(iso: str) -> int:
    return int(iso[:10].replace("-", ""))


def _codes(values: list[Any]) -> tuple[np.ndarray, list[str]]:
    """Values → (int32 code per value, -1 for None; the distinct values in code order)."""
    names: dict[str, int] = {}
    codes = np.fromiter((-1 if v is None else names.setdefault(v, len(names)) for v in values),
                        dtype=np.int32, count=len(values))
    return codes, list(names)


@dataclass(frozen=True)
class FacetIndex:
    present: np.ndarray  # bool by rowid: a document has this rowid
    lang: np.ndarray  # code into `langs` ('?' for none)
    langs: list[str]
    month: np.ndarray  # code into `months`, -1: year-only or undated (no month, as MONTH_SQL)
    months: list[str]
    types: np.ndarray  # bit i: a mention of type `type_names[i]`
    type_names: list[str]
    lo: np.ndarray  # first day yyyymmdd (UNDATED_LO when undated)
    hi: np.ndarray  # last day yyyymmdd (UNDATED_HI when undated)
    story: np.ndarray  # code into `stories`, -1: in no story
    stories: list[str]

    @classmethod
    def load(cls, con: Any) -> FacetIndex:
        rows = con.execute("""SELECT x.rowid, COALESCE(x.lang, '?'), x.pub_lo, x.pub_hi, x.types, sm.story_id
                              FROM doc_facets x LEFT JOIN story_members sm ON sm.doc_rowid = x.rowid""").fetchall()
        size = (max((r[0] for r in rows), default=0)) + 1
        at = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        present = np.zeros(size, dtype=bool)
        present[at] = True

        def spread(values: np.ndarray, fill: int, dtype: Any) -> np.ndarray:
            out = np.full(size, fill, dtype=dtype)
            out[at] = values
            return out

        lang, langs = _codes([r[1] for r in rows])
        month, months = _codes([r[2][:7] if r[2] and r[3] and r[2][:7] == r[3][:7] else None for r in rows])
        story, stories = _codes([r[5] for r in rows])
        type_names = sorted({t for r in rows for t in (r[4] or "").split()})
        bit = {t: 1 << i for i, t in enumerate(type_names)}
        types = np.fromiter((sum(bit[t] for t in (r[4] or "").split()) for r in rows), dtype=np.int64, count=len(rows))
        lo = np.fromiter((_day(r[2]) if r[2] else UNDATED_LO for r in rows), dtype=np.int32, count=len(rows))
        hi = np.fromiter((_day(r[3]) if r[3] else UNDATED_HI for r in rows), dtype=np.int32, count=len(rows))
        return cls(present, spread(lang, -1, np.int32), langs, spread(month, -1, np.int32), months,
                   spread(types, 0, np.int64), type_names, spread(lo, UNDATED_LO, np.int32),
                   spread(hi, UNDATED_HI, np.int32), spread(story, -1, np.int32), stories)

    def allowed(self, filters: Filters, among: np.ndarray | None = None) -> np.ndarray:
        """A bool per rowid: the document passes the language, date and mention-type filters (and is in `among`,
        rowids allowed by the entity and story filters, when given)."""
        ok = self.present.copy()
        if filters.lang:
            ok &= np.isin(self.lang, [self.langs.index(x) for x in filters.lang if x in self.langs])
        if filters.since:
            ok &= self.hi >= _day(period(filters.since)[0])
        if filters.until:
            ok &= self.lo <= _day(period(filters.until)[1])
        if filters.entity_type:
            bits = sum(1 << self.type_names.index(t) for t in filters.entity_type if t in self.type_names)
            ok &= (self.types & bits) != 0
        if among is not None:
            inside = np.zeros(len(ok), dtype=bool)
            inside[among[(among >= 0) & (among < len(ok))]] = True
            ok &= inside
        return ok

    def keep(self, rowids: np.ndarray, filters: Filters, among: np.ndarray | None = None) -> np.ndarray:
        """The rowids that pass the filters (see `allowed`)."""
        rowids = rowids[(rowids >= 0) & (rowids < len(self.present))]
        return rowids[self.allowed(filters, among)[rowids]]

    def counts(self, rowids: np.ndarray, only: Sequence[str]) -> dict[str, Any]:
        """Counts over `rowids` (already filtered), sorted as the SQL facets are; story: the top 10
        (id, count) pairs, most documents first."""
        out: dict[str, Any] = {}
        if "lang" in only:
            n = np.bincount(self.lang[rowids], minlength=len(self.langs))
            out["lang"] = dict(sorted(((self.langs[i], int(c)) for i, c in enumerate(n) if c), key=lambda t: (-t[1], t[0])))
        if "month" in only:
            m = self.month[rowids]
            n = np.bincount(m[m >= 0], minlength=len(self.months))
            out["month"] = dict(sorted((self.months[i], int(c)) for i, c in enumerate(n) if c))
        if "entity_type" in only:
            t = self.types[rowids]
            pairs = ((name, int(np.count_nonzero(t & (1 << i)))) for i, name in enumerate(self.type_names))
            out["entity_type"] = dict(sorted(((k, c) for k, c in pairs if c), key=lambda p: (-p[1], p[0])))
        if "story" in only:
            s = self.story[rowids]
            n = np.bincount(s[s >= 0], minlength=len(self.stories))
            out["story"] = sorted(((self.stories[i], int(n[i])) for i in np.flatnonzero(n)),
                                  key=lambda p: (-p[1], p[0]))[:10]
        return out


class FacetIndexes:
    """One FacetIndex per database file in this process, for one version of its facets at a time."""

    def __init__(self, keep: int = 4, min_interval: float = 2.0) -> None:
        self.keep = keep
        self.min_interval = min_interval  # seconds between two loads of one file (and ≥ 10x a load's time)
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[int, FacetIndex]] = {}
        self._loaded_at: dict[str, tuple[float, float]] = {}  # file → (when the last load ended, its seconds)

    def get(self, key: str, version: int, con: Any) -> FacetIndex | None:
        """The index of this version, loading it if due; None: stale and reloaded too recently."""
        with self._lock:
            got = self._entries.get(key)
            if got is not None and got[0] == version:
                return got[1]
            ended, took = self._loaded_at.get(key, (0.0, 0.0))
            if time.monotonic() - ended < max(self.min_interval, 10 * took):
                return None
            self._loaded_at[key] = (time.monotonic(), 0.0)  # others count in SQL while this loads
        t0 = time.monotonic()
        index = FacetIndex.load(con)
        with self._lock:
            self._entries[key] = (version, index)
            self._loaded_at[key] = (time.monotonic(), time.monotonic() - t0)
            while len(self._entries) > self.keep:
                self._entries.pop(next(iter(self._entries)))
        return index


INDEXES = FacetIndexes()
