"""Reading stories back: lists (latest first) and one story with its documents by language, its time
span, the entities its documents mention most and an extractive summary (the DESIGN story shape)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from .corrections import DAY_SQL, story_redirect


def _languages(con: Any, story_id: str) -> dict[str, int]:
    return dict(con.execute(
        """SELECT COALESCE(d.lang, '?'), count(*) FROM story_members m JOIN documents d ON d.rowid = m.doc_rowid
           WHERE m.story_id = ? GROUP BY 1 ORDER BY 2 DESC, 1""", (story_id,)))


def _title(con: Any, story_id: str) -> str | None:
    """The title of the story's earliest document."""
    row = con.execute(
        """SELECT d.title FROM story_members m JOIN documents d ON d.rowid = m.doc_rowid WHERE m.story_id = ?
           ORDER BY COALESCE(d.pub_lo, d.ingested_at), d.rowid LIMIT 1""", (story_id,)).fetchone()
    return row[0] if row else None


def list_stories(store: Any, min_size: int = 1, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    rows = store.con.execute(
        """SELECT id, first_seen, last_seen, size FROM stories WHERE size >= ?
           ORDER BY last_seen DESC, size DESC, id LIMIT ? OFFSET ?""", (min_size, limit, offset)).fetchall()
    return [{"id": sid, "title": _title(store.con, sid), "size": size, "languages": _languages(store.con, sid),
             "first_seen": first, "last_seen": last} for sid, first, last, size in rows]


def story_record(store: Any, story_id: str, top_entities: int = 10, encoder: Any = None) -> dict[str, Any] | None:
    """The story shape; `summary` (extractive, stories/summary.py) when an encoder is given, else null."""
    con = store.con
    moved = story_redirect(con, story_id)
    asked, story_id = story_id, moved[0] if moved else story_id
    row = con.execute("SELECT id, first_seen, last_seen, size FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    members = con.execute(
        """SELECT d.id, d.lang, d.title, d.pub_date, d.source, m.score, m.relation, o.id, m.relation_score
           FROM story_members m JOIN documents d ON d.rowid = m.doc_rowid
           LEFT JOIN story_members om ON om.doc_rowid = m.relation_of AND om.story_id = m.story_id
           LEFT JOIN documents o ON o.rowid = om.doc_rowid WHERE m.story_id = ?
           ORDER BY COALESCE(d.pub_lo, d.ingested_at), d.rowid""", (story_id,)).fetchall()
    by_lang: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc_id, lang, title, pub, source, score, relation, of, rel_score in members:
        by_lang[lang or "?"].append({"id": doc_id, "title": title, "published": pub, "source": source, "link_z": score,
                                     "relation": {"kind": relation, "of": of, "score": rel_score} if relation and of else None})
    entities = con.execute(
        """SELECT e.id, e.name, e.type, count(DISTINCT mm.doc_rowid) AS n FROM story_members m
           JOIN mentions mm ON mm.doc_rowid = m.doc_rowid AND mm.entity_id IS NOT NULL
           JOIN entities e ON e.id = mm.entity_id WHERE m.story_id = ?
           GROUP BY e.id ORDER BY n DESC, e.id LIMIT ?""", (story_id, top_entities)).fetchall()
    timeline = [{"day": day, "documents": n, "languages": sorted(set(langs.split(",")))} for day, n, langs in con.execute(
        f"""SELECT {DAY_SQL} AS day, count(*), group_concat(COALESCE(d.lang, '?'))
           FROM story_members m JOIN documents d ON d.rowid = m.doc_rowid WHERE m.story_id = ? GROUP BY day ORDER BY day""",
        (story_id,))]
    summary = None
    if encoder is not None:
        from .summary import summarise

        texts = dict(con.execute(
            f"SELECT id, text FROM documents WHERE id IN ({','.join('?' * len(members))})", [m[0] for m in members]))
        summary = summarise([(m[0], m[1], texts[m[0]] or "") for m in members], encoder)
    return {"id": row[0], "title": _title(con, story_id), "documents": [m[0] for m in members],
            "languages": _languages(con, story_id), "first_seen": row[1], "last_seen": row[2], "timeline": timeline, "summary": summary,
            "size": row[3], "by_language": dict(by_lang),
            "entities": [{"id": e[0], "name": e[1], "type": e[2], "documents": e[3]} for e in entities],
            "redirected_from": {"id": asked, "by": moved[1], "ref": moved[2]} if moved else None}


def iter_stories(store: Any, encoder: Any = None, min_size: int = 1) -> Iterator[dict[str, Any]]:
    """Every story in the story shape (oldest first), for exports."""
    ids = [r[0] for r in store.con.execute("SELECT id FROM stories WHERE size >= ? ORDER BY first_seen, id", (min_size,))]
    for story_id in ids:
        rec = story_record(store, story_id, encoder=encoder)
        if rec is not None:
            yield rec
