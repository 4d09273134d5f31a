"""Merge/split repair of stored stories, after each assignment run, over the days it touched.

Online assignment decides once per document and never looks back: two halves of one event that
started apart (a late arrival, a story first told in two languages at once) stay apart, and a
chain of single links can join two events. `repair.plan_repairs` looks at whole stories instead
and proposes merges and splits; this module applies them to `story_members.base_story` (what the
clusterer and repair decide; analysts' corrections are re-applied on top by `corrections.replay`,
so a repair never undoes an analyst) and writes every change to the append-only `story_log`.

Ids stay stable: a merge keeps the older story's id and the other id redirects to it
(`story_redirects`, source "repair"); a split gives the documents that leave a new story named
after the first of them (`st-<document id>`; `-r2`, … when taken).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..corrections.replay import transaction
from ..store.sqlite import now_iso
from .corrections import replay
from .online import OnlineClusterer
from .repair import Repair, RepairDoc, plan_repairs


@dataclass(frozen=True)
class PeriodDoc:
    """A stored document the repair may look at (its base story, vector, keys)."""

    rowid: int
    doc_id: str
    story: str
    vector: np.ndarray
    hours: float
    lang: str
    keys: frozenset[str]


def apply_repairs(con: Any, docs: Iterable[PeriodDoc], clusterer: OnlineClusterer) -> list[dict[str, Any]]:
    """Plan repairs over these documents and apply them in one transaction; returns the log rows."""
    docs = list(docs)
    if len({d.story for d in docs}) < 2:
        return []
    by_id = {d.doc_id: d for d in docs}
    plan = plan_repairs([RepairDoc(d.doc_id, d.story, d.vector, d.hours, d.lang, d.keys) for d in docs], clusterer)
    if not plan:
        return []
    logged: list[dict[str, Any]] = []
    with transaction(con):
        for r in plan:
            row = _merge(con, r) if r.action == "merge" else _split(con, r, by_id)
            if row:
                logged.append(row)
    replay(con)
    return logged


def _log(con: Any, action: str, stories: list[str], docs: list[str], r: Repair) -> dict[str, Any]:
    at = now_iso()
    cur = con.execute("INSERT INTO story_log (at, action, stories, docs, score, reason) VALUES (?, ?, ?, ?, ?, ?)",
                      (at, action, json.dumps(stories), json.dumps(docs), round(float(r.score), 3), r.reason))
    return {"id": int(cur.lastrowid), "at": at, "action": action, "stories": stories, "docs": docs,
            "score": round(float(r.score), 3), "reason": r.reason}


def _merge(con: Any, r: Repair) -> dict[str, Any] | None:
    kept, gone = (str(s) for s in r.stories)
    if kept == gone or not con.execute("SELECT 1 FROM story_members WHERE base_story = ? LIMIT 1", (gone,)).fetchone():
        return None
    row = _log(con, "merge", [kept, gone], [], r)
    con.execute("UPDATE story_members SET base_story = ? WHERE base_story = ?", (kept, gone))
    con.execute("UPDATE story_redirects SET to_id = ? WHERE to_id = ? AND source = 'repair'", (kept, gone))
    con.execute("INSERT OR REPLACE INTO story_redirects (from_id, to_id, source, ref) VALUES (?, ?, 'repair', ?)",
                (gone, kept, row["id"]))
    return row


def _split(con: Any, r: Repair, by_id: dict[str, PeriodDoc]) -> dict[str, Any] | None:
    story = str(r.stories[0])
    leaving = sorted((by_id[str(d)] for d in r.docs if str(d) in by_id), key=lambda d: (d.hours, d.rowid))
    if not leaving:
        return None
    new_id = _fresh_id(con, f"st-{leaving[0].doc_id}")
    row = _log(con, "split", [story, new_id], [d.doc_id for d in leaving], r)
    con.executemany("UPDATE story_members SET base_story = ? WHERE doc_rowid = ? AND base_story = ?",
                    [(new_id, d.rowid, story) for d in leaving])
    return row


def _fresh_id(con: Any, base: str) -> str:
    n, candidate = 1, base
    while (con.execute("SELECT 1 FROM story_members WHERE base_story = ? OR story_id = ? LIMIT 1",
                       (candidate, candidate)).fetchone()
           or con.execute("SELECT 1 FROM story_redirects WHERE from_id = ?", (candidate,)).fetchone()):
        n += 1
        candidate = f"{base}-r{n}"
    return candidate
