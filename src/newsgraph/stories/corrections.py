"""Analysts' story corrections: move a document, merge two stories, split documents off a story.

They go to the same append-only `corrections` log as entity corrections (ops `story_move`,
`story_merge`, `story_split`; undo is an entry too) and are re-applied by `replay` over what the
clusterer and the merge/split repair decided (`story_members.base_story`), after every `embed`,
repair and rebuild — so no re-run loses one.

Entries name documents by their `documents.id` (stable across re-ingest) and also record the
documents each story had when the analyst looked, so a correction still means the same thing
after `newsgraph embed --restory` rebuilt every story: a story that no longer exists under its
id is found again through those documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..corrections.log import STORY_OPS, Correction, active_changes, append, entries
from ..corrections.record import resolve_doc, undo_target
from ..corrections.replay import transaction
from ..errors import NotFound, UsageError
from ..store.sqlite import now_iso

DAY_SQL = "COALESCE(d.pub_lo, substr(d.ingested_at, 1, 10))"  # a document's day: published, else ingested


@dataclass
class StoryReplay:
    applied: int = 0
    moved: int = 0  # documents whose story differs from the clusterer's and repair's
    skipped: list[tuple[int, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"applied": self.applied, "documents_moved": self.moved,
                "skipped": [{"correction": i, "reason": r} for i, r in self.skipped]}


@dataclass(frozen=True)
class StoryApplied:
    correction: Correction
    replay: StoryReplay

    def to_dict(self) -> dict[str, Any]:
        return {"correction": self.correction.to_dict(), "replay": self.replay.to_dict()}


# -- replay -----------------------------------------------------------------------------------------
class _State:
    """Memberships being corrected: document id → story, with redirects made along the way."""

    def __init__(self, con: Any) -> None:
        rows = con.execute("""SELECT d.id, m.base_story FROM story_members m
                              JOIN documents d ON d.rowid = m.doc_rowid""").fetchall()
        self.story_of: dict[str, str] = dict(rows)
        self.redirects: dict[str, tuple[str, int]] = {}  # made by the corrections replayed
        self.repaired: dict[str, str] = dict(con.execute(
            "SELECT from_id, to_id FROM story_redirects WHERE source = 'repair'"))

    def members(self, story: str) -> list[str]:
        return [d for d, s in self.story_of.items() if s == story]

    def exists(self, story: str) -> bool:
        return story in self.story_of.values()

    def find(self, story: str, docs: Sequence[str]) -> str | None:
        """The story under this id (following merges), else the story holding most of `docs` now."""
        seen: set[str] = set()
        while (story in self.redirects or story in self.repaired) and story not in seen:
            seen.add(story)
            story = self.redirects[story][0] if story in self.redirects else self.repaired[story]
        if self.exists(story):
            return story
        held = [self.story_of[d] for d in docs if d in self.story_of]
        return max(set(held), key=held.count) if held else None


def _merge(st: _State, c: Correction) -> str | None:
    into = st.find(c.args["into"], c.args.get("into_docs", []))
    other = st.find(c.args["other"], c.args.get("other_docs", []))
    if into is None or other is None:
        return "a story no longer exists and none of its documents are stored"
    if into == other:
        return "already one story"
    for d in st.members(other):
        st.story_of[d] = into
    st.redirects[c.args["other"]] = (into, c.id)
    if other != c.args["other"]:
        st.redirects[other] = (into, c.id)
    return None


def _move(st: _State, c: Correction) -> str | None:
    if c.args["doc"] not in st.story_of:
        return "the document has no story (not stored or not embedded)"
    target = st.find(c.args["story"], c.args.get("story_docs", []))
    if target is None:
        return "the target story no longer exists and none of its documents are stored"
    if st.story_of[c.args["doc"]] == target:
        return "the document is already in that story"
    st.story_of[c.args["doc"]] = target
    return None


def _split(st: _State, c: Correction) -> str | None:
    docs = [d for d in c.args["docs"] if d in st.story_of]
    if not docs:
        return "none of the documents has a story"
    for d in docs:
        st.story_of[d] = c.args["new_id"]
    return None


APPLY = {"story_move": _move, "story_merge": _merge, "story_split": _split}


def replay(con: Any) -> StoryReplay:
    """Put every membership back to `base_story`, apply the story corrections in force in log order,
    and rewrite the stories table and the correction redirects to match. Idempotent."""
    if not con.execute("SELECT 1 FROM corrections WHERE op LIKE 'story~_%' ESCAPE '~' LIMIT 1").fetchone():
        with transaction(con):  # no story was ever corrected: the clusterer's and repair's stories stand
            if con.execute("UPDATE story_members SET story_id = base_story WHERE story_id IS NOT base_story").rowcount:
                refresh_stories(con)
        return StoryReplay()
    with transaction(con):
        log = active_changes(entries(con), STORY_OPS)
        st = _State(con)
        report = StoryReplay(applied=len(log))
        for c in log:
            why = APPLY[c.op](st, c)
            if why:
                report.skipped.append((c.id, why))
        rows = con.execute("""SELECT d.id, m.story_id, m.base_story FROM story_members m
                              JOIN documents d ON d.rowid = m.doc_rowid""").fetchall()
        changed = [(st.story_of[d], d) for d, now, _ in rows if st.story_of[d] != now]
        con.executemany("UPDATE story_members SET story_id = ? WHERE doc_rowid = (SELECT rowid FROM documents WHERE id = ?)",
                        changed)
        report.moved = sum(1 for d, _, base in rows if st.story_of[d] != base)
        con.execute("DELETE FROM story_redirects WHERE source = 'correction'")
        con.executemany("INSERT OR REPLACE INTO story_redirects (from_id, to_id, source, ref) VALUES (?, ?, 'correction', ?)",
                        [(src, st.find(src, []) or to, cid) for src, (to, cid) in st.redirects.items()])
        refresh_stories(con)
    return report


def refresh_stories(con: Any, only: Sequence[str] | None = None) -> None:
    """Size and first/last seen of every story (or of `only`) from its members; stories left with no
    member are removed (their ids live on as redirects when they were merged)."""
    marks = ",".join("?" * len(only or ()))
    where, params = (f"WHERE m.story_id IN ({marks})", list(only)) if only else ("", [])
    con.execute(
        f"""INSERT INTO stories (id, first_seen, last_seen, size, created_at)
            SELECT m.story_id, min({DAY_SQL}), max({DAY_SQL}), count(*), ? FROM story_members m
            JOIN documents d ON d.rowid = m.doc_rowid {where} GROUP BY m.story_id
            ON CONFLICT (id) DO UPDATE SET first_seen = excluded.first_seen, last_seen = excluded.last_seen,
                                          size = excluded.size""", [now_iso(), *params])
    con.execute("DELETE FROM stories WHERE NOT EXISTS (SELECT 1 FROM story_members m WHERE m.story_id = stories.id)")


# -- recording ----------------------------------------------------------------------------------------
def story_redirect(con: Any, story_id: str) -> tuple[str, str, int] | None:
    """(story it was merged into, 'repair' | 'correction', log or correction id) for a merged-away id."""
    seen: set[str] = set()
    found = None
    while True:
        r = con.execute("SELECT to_id, source, ref FROM story_redirects WHERE from_id = ?", (story_id,)).fetchone()
        if r is None or story_id in seen:
            return found
        seen.add(story_id)
        found, story_id = (r[0], r[1], int(r[2])), r[0]


def _story_docs(con: Any, story_id: str) -> list[str]:
    rows = con.execute("""SELECT d.id FROM story_members m JOIN documents d ON d.rowid = m.doc_rowid
                          WHERE m.story_id = ? ORDER BY d.rowid""", (story_id,)).fetchall()
    return [r[0] for r in rows]


def check_story(con: Any, story_id: str) -> list[str]:
    """The documents of a story; refuses a merged-away id (naming where it went) and an unknown one."""
    docs = _story_docs(con, story_id)
    if docs:
        return docs
    moved = story_redirect(con, story_id)
    if moved:
        raise UsageError(f"story {story_id!r} was merged into {moved[0]!r} ({moved[1]} #{moved[2]})",
                         hint=f"use {moved[0]}")
    raise NotFound(f"no story with id {story_id!r}", hint="see `newsgraph stories`")


def _record(con: Any, op: str, args: dict[str, Any], author: str | None, note: str | None) -> StoryApplied:
    c = append(con, op, args, author, note)
    return StoryApplied(c, replay(con))


def _story_doc(con: Any, doc: str) -> tuple[str, str]:
    """(document id, its story) for a document id or unique prefix; refuses one with no story."""
    rowid, full_id = resolve_doc(con, doc)
    r = con.execute("SELECT story_id FROM story_members WHERE doc_rowid = ?", (rowid,)).fetchone()
    if r is None:
        raise UsageError(f"document {full_id} has no story yet", hint="run `newsgraph embed` first")
    return full_id, r[0]


def move(con: Any, doc: str, story: str, author: str | None = None, note: str | None = None) -> StoryApplied:
    """Move one document into another story."""
    with transaction(con):
        doc_id, current = _story_doc(con, doc)
        docs = check_story(con, story)
        if current == story:
            raise UsageError(f"document {doc_id} is already in {story!r}")
        return _record(con, "story_move", {"doc": doc_id, "story": story, "from": current, "story_docs": docs},
                       author, note)


def merge(con: Any, into: str, other: str, author: str | None = None, note: str | None = None) -> StoryApplied:
    """Merge story B (`other`) into A: B's documents join A and B redirects to A."""
    if into == other:
        raise UsageError(f"cannot merge {into!r} with itself", hint="give two different story ids")
    with transaction(con):
        a, b = check_story(con, into), check_story(con, other)
        return _record(con, "story_merge", {"into": into, "other": other, "into_docs": a, "other_docs": b},
                       author, note)


def split(con: Any, story: str, docs: Sequence[str], author: str | None = None, note: str | None = None) -> StoryApplied:
    """Move these documents of a story to a new story of their own (`st-<first document>-s`)."""
    if not docs:
        raise UsageError("split needs the documents that leave (--doc, repeatable)")
    with transaction(con):
        members = check_story(con, story)
        ids = []
        for d in docs:
            doc_id, current = _story_doc(con, d)
            if current != story:
                raise UsageError(f"document {doc_id} is not in {story!r} (it is in {current!r})")
            ids.append(doc_id)
        if len(set(ids)) == len(members):
            raise UsageError("a split must leave at least one document in the story")
        return _record(con, "story_split", {"story": story, "docs": ids, "new_id": _fresh_id(con, ids[0])},
                       author, note)


def _fresh_id(con: Any, doc_id: str) -> str:
    """`st-<doc id>-s`, `-s2`, … : a suffix the clusterer never makes, never reused."""
    used = {c.args.get("new_id") for c in entries(con) if c.op == "story_split"}
    n, candidate = 1, f"st-{doc_id}-s"
    while candidate in used or con.execute("SELECT 1 FROM stories WHERE id = ?", (candidate,)).fetchone():
        n += 1
        candidate = f"st-{doc_id}-s{n}"
    return candidate


def undo(con: Any, correction_id: int | None = None, author: str | None = None, note: str | None = None) -> StoryApplied:
    """Take a story correction out of force (the last one by default) by appending an undo entry."""
    with transaction(con):
        target = undo_target(entries(con), correction_id, STORY_OPS)
        return _record(con, "undo", {"target": target}, author, note)


def story_log(con: Any) -> dict[str, list[dict[str, Any]]]:
    """Story corrections (ops story_*, and undo entries that target them) with `in_force`, and the
    repair log, oldest first."""
    import json

    from ..corrections.log import in_force

    log = entries(con)
    active, by_id = in_force(log), {c.id: c for c in log}

    def is_story(c: Correction) -> bool:
        while c.op == "undo" and int(c.args["target"]) in by_id:
            c = by_id[int(c.args["target"])]
        return c.op in STORY_OPS

    rows = [{**c.to_dict(), "in_force": active[c.id]} for c in log if is_story(c)]
    repairs = [{"id": i, "at": at, "action": a, "stories": json.loads(st), "docs": json.loads(d), "score": sc,
                "reason": why}
               for i, at, a, st, d, sc, why in con.execute(
                   "SELECT id, at, action, stories, docs, score, reason FROM story_log ORDER BY id")]
    return {"corrections": rows, "repairs": repairs}
