"""Stories in the store: every embedded document without a story gets one, in publication order.

Documents are compared by their titles (embedded as "query:", cached in the store's `embeddings`
table; the first 30 words of the text where there is no title): the same representation that
`newsgraph eval clustering` scores on OG2021, so the threshold chosen there applies.

The statistics of ordinary similarity per language pair are primed from an evenly spread sample of
stored documents; documents already in stories within the window are remembered so new ones can
join them; then each new document is added (`OnlineClusterer`). A new story is named after the
document that opened it (`st-<document id>`), so ids never change. Times are days (most news dates
have day precision): a 24 h window links documents of the same and the previous day. A document
dated earlier than stories already formed can join them only looking back — a late arrival's story
may be split from a later one; merge repair is not built yet.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

from ..config import Settings
from ..corrections.replay import transaction
from ..embed import WriteBackCache, embed_texts, get_encoder
from .corrections import DAY_SQL, refresh_stories, replay
from .online import OnlineClusterer, StoryParams
from .relations import mark_relations
from .upkeep import PeriodDoc, apply_repairs

SAMPLE = 2000


def _hours(day: str) -> float:
    return date.fromisoformat(day[:10]).toordinal() * 24.0 + 12.0


TITLE_WORDS = 30
_DOCS = f"""SELECT d.rowid, d.id, d.lang, {DAY_SQL} AS day, d.title, d.text, d.dup_of, d.dup_kind
           FROM documents d WHERE EXISTS (SELECT 1 FROM doc_chunks c WHERE c.doc_rowid = d.rowid AND c.model = ?)"""


def _title(title: str | None, text: str | None) -> str:
    return (title or "").strip() or " ".join((text or "").split()[:TITLE_WORDS])


class _TitleVectors:
    """Title vectors through the store's cache: each title is embedded once, ever (the sample's
    titles, encoded first, are answered from `cache.new` when the same documents come again)."""

    def __init__(self, store: Any, settings: Settings) -> None:
        self.cfg = settings.embed
        self.encoder = get_encoder(self.cfg.model, self.cfg.threads)
        self.cache = WriteBackCache(store.vectors)

    def of(self, rows: list[tuple]) -> np.ndarray:
        return embed_texts([_title(r[4], r[5]) for r in rows], self.encoder, "query", self.cache, self.cfg.batch_size)


KEY_TYPES = ("PER", "ORG", "LOC", "MISC")


def document_keys(con: Any, rowids: list[int]) -> dict[int, frozenset[str]]:
    """Language-independent keys of stored documents: the linked entities they mention
    (`e:<entity id>`, the same id in every language and script) and the official documents they
    cite (`d:<normalised code>`). The clusterer learns what each is worth (rare keys weigh more)."""
    keys: dict[int, set[str]] = {r: set() for r in rowids}
    types = ",".join(f"'{t}'" for t in KEY_TYPES)
    for i in range(0, len(rowids), 500):
        part = rowids[i:i + 500]
        marks = ",".join("?" * len(part))
        for rowid, key in con.execute(
                f"""SELECT DISTINCT doc_rowid, 'e:' || entity_id FROM mentions
                    WHERE doc_rowid IN ({marks}) AND entity_id IS NOT NULL AND type IN ({types})
                    UNION SELECT DISTINCT doc_rowid, 'd:' || json_extract(attrs, '$.code') FROM mentions
                    WHERE doc_rowid IN ({marks}) AND type = 'DOCREF' AND json_extract(attrs, '$.code') IS NOT NULL""",
                [*part, *part]):
            keys[rowid].add(key)
    return {r: frozenset(k) for r, k in keys.items()}


def assign_stories(store: Any, settings: Settings, params: StoryParams | None = None) -> dict[str, int]:
    """Give a story to every document with a vector of the configured model and none yet, then
    repair the stories of the days it touched, re-apply corrections and mark translations."""
    con, model = store.con, settings.embed.model
    pending = con.execute(f"""{_DOCS} AND NOT EXISTS (SELECT 1 FROM story_members s WHERE s.doc_rowid = d.rowid)
                              ORDER BY day, d.rowid""", (model,)).fetchall()
    if not pending:
        return {"documents": 0, "stories_new": 0, "joined": 0, "repeats": 0, "merged": 0}
    titles = _TitleVectors(store, settings)
    clusterer = _primed(store, settings, titles, params)
    known = _known(con, model, pending, clusterer.params.window_hours)
    rows_all = [*known, *pending]
    vectors = dict(zip((r[0] for r in rows_all), titles.of(rows_all), strict=True))
    keys = document_keys(con, [r[0] for r in rows_all])
    rows, counts = _assign(con, clusterer, known, pending, vectors, keys)
    _write(store, rows, model, titles.cache.new)
    base = _column(con, [r[0] for r in rows_all], "base_story")
    period = [PeriodDoc(r[0], r[1], base[r[0]], vectors[r[0]], _hours(r[3]), r[2] or "und", keys[r[0]]) for r in rows_all]
    counts["merged"] = len(apply_repairs(con, period, clusterer))
    replay(con)  # analysts' story corrections, over what the clusterer and the repair decided
    counts["repeats"] = mark_relations(store, settings, set(_column(con, [r[0] for r in rows_all], "story_id").values()))
    return counts


def _primed(store: Any, settings: Settings, titles: _TitleVectors, params: StoryParams | None) -> OnlineClusterer:
    """A clusterer that knows ordinary similarity and how common each key is, from an evenly spread
    sample of the stored documents."""
    con, model = store.con, settings.embed.model
    clusterer = OnlineClusterer(params or StoryParams())
    total = con.execute("SELECT count(DISTINCT doc_rowid) FROM doc_chunks WHERE model = ?", (model,)).fetchone()[0]
    step = max(1, total // SAMPLE)
    sample = con.execute(f"{_DOCS} AND d.rowid % ? = 0 ORDER BY d.rowid LIMIT ?", (model, step, SAMPLE)).fetchall()
    keys = document_keys(con, [r[0] for r in sample])
    for row, vector in zip(sample, titles.of(sample), strict=True):
        clusterer.observe(vector, row[2], keys[row[0]])
    return clusterer


def _known(con: Any, model: str, pending: list[tuple], window_hours: float) -> list[tuple]:
    """Documents with a story from the window before the first pending document to the day after the last."""
    window_days = window_hours / 24
    first = date.fromordinal(int(_hours(pending[0][3]) // 24 - window_days - 1)).isoformat()
    last = date.fromordinal(int(_hours(pending[-1][3]) // 24 + 1)).isoformat()
    return con.execute(f"""{_DOCS} AND EXISTS (SELECT 1 FROM story_members s WHERE s.doc_rowid = d.rowid)
                           AND {DAY_SQL} BETWEEN ? AND ?""", (model, first, last)).fetchall()


def _assign(con: Any, clusterer: OnlineClusterer, known: list[tuple], pending: list[tuple],
            vectors: dict[int, np.ndarray], keys: dict[int, frozenset[str]]) -> tuple[list[tuple], dict[str, int]]:
    """(rowid, story, score, day) for each pending document, in publication order among the known ones."""
    story_of = _column(con, [r[0] for r in known], "story_id")
    events = sorted([(r[3], 0, r) for r in known] + [(r[3], 1, r) for r in pending], key=lambda e: (e[0], e[1], e[2][0]))
    story_of_doc = {r[1]: story_of[r[0]] for r in known}  # document id → story, for near-duplicates
    story_of_doc.update(_stories_of(con, {r[6] for r in pending if r[7] == "near" and r[6]} - set(story_of_doc)))
    new_ids: dict[Any, str] = {}
    rows, counts = [], {"documents": 0, "stories_new": 0, "joined": 0, "repeats": 0, "merged": 0}
    for day, is_new, (rowid, doc_id, lang, _day, _title, _text, dup_of, dup_kind) in events:
        if not is_new:
            clusterer.remember(vectors[rowid], _hours(day), lang, story_of[rowid], keys[rowid])
            continue
        if dup_kind == "near" and dup_of in story_of_doc:  # a re-post with small edits: its original's story
            key, score = story_of_doc[dup_of], None
            clusterer.remember(vectors[rowid], _hours(day), lang, key, keys[rowid])
        else:
            key = clusterer.add(vectors[rowid], _hours(day), lang, keys[rowid])
            score = clusterer.last_score
            if isinstance(key, int):  # a story opened in this run
                key = new_ids.setdefault(key, f"st-{doc_id}")
        story_of_doc[doc_id] = key
        counts["stories_new"] += key == f"st-{doc_id}"
        counts["joined"] += key != f"st-{doc_id}"
        counts["documents"] += 1
        rows.append((rowid, key, score, day))
    return rows, counts


def _column(con: Any, rowids: list[int], column: str) -> dict[int, str]:
    """doc rowid → `story_id` or `base_story` of these documents."""
    out: dict[int, str] = {}
    for i in range(0, len(rowids), 500):
        part = rowids[i:i + 500]
        out.update(con.execute(f"SELECT doc_rowid, {column} FROM story_members WHERE doc_rowid IN "
                               f"({','.join('?' * len(part))})", part))
    return out


def rebuild_stories(store: Any, settings: Settings, params: StoryParams | None = None) -> dict[str, int]:
    """Forget every story and assign all embedded documents again in publication order (after a
    change of model or parameters); ids are again their founders', and analysts' corrections are
    re-applied on top. The story log keeps a `rebuild` entry; merged-away ids of repairs go."""
    import json

    from ..store.sqlite import now_iso

    con = store.con
    with transaction(con):
        n = con.execute("SELECT count(*) FROM story_members").fetchone()[0]
        for table in ("story_members", "stories"):
            con.execute(f"DELETE FROM {table}")
        con.execute("DELETE FROM story_redirects")
        con.execute("INSERT INTO story_log (at, action, stories, docs, score, reason) VALUES (?, 'rebuild', '[]', '[]', NULL, ?)",
                    (now_iso(), json.dumps({"documents_before": n})))
    return assign_stories(store, settings, params)


def _stories_of(con: Any, doc_ids: set[str]) -> dict[str, str]:
    """document id → story of stored documents (the originals new near-duplicates join)."""
    if not doc_ids:
        return {}
    marks = ",".join("?" * len(doc_ids))
    return dict(con.execute(f"""SELECT d.id, m.story_id FROM documents d JOIN story_members m ON m.doc_rowid = d.rowid
                                WHERE d.id IN ({marks})""", list(doc_ids)))


def _write(store: Any, rows: list[tuple[int, str, float | None, str]], model: str, vectors: dict[str, np.ndarray]) -> None:
    from ..store.sqlite import now_iso

    con, at = store.con, now_iso()
    with transaction(con):
        store.vectors.put(model, vectors)
        con.executemany("""INSERT INTO story_members (doc_rowid, story_id, base_story, score, assigned_at)
                           VALUES (?, ?, ?, ?, ?)""",
                        [(r, s, s, round(z, 3) if z is not None else None, at) for r, s, z, _ in rows])
        refresh_stories(con, sorted({s for _, s, _, _ in rows}))
