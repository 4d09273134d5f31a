"""Reads the HTTP API pages through: document summaries, facet counts, entity lists, an entity's
months and co-mention network, stories under document filters. Kept apart from sqlite.py (the
ingest and search side); `SQLiteStore` inherits these, so every query is still store SQL.

Every list here takes a limit and an offset and has a count beside it: nothing returns an
unbounded list.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..text.normalise import fold
from .base import Filters
from .facet_index import INDEXES, FacetIndex
from .records import published_dict

MONTH_SQL = "CASE WHEN substr(d.pub_lo, 1, 7) = substr(d.pub_hi, 1, 7) THEN substr(d.pub_lo, 1, 7) END"
"""A document's month: its period starts and ends in it (dated to the day or the month). Year-only
and undated documents have none and are left out of month counts."""

NETWORK_DOCS = 2000  # an entity's latest documents a co-mention network is counted over

_SUMMARY = """SELECT d.id, d.title, d.lang, d.source, d.pub_date, d.pub_precision, d.pub_source, sm.story_id
              FROM documents d LEFT JOIN story_members sm ON sm.doc_rowid = d.rowid"""


def _summary(row: Sequence[Any]) -> dict[str, Any]:
    doc_id, title, lang, source, date, precision, pub_source, story = row
    published = published_dict({"pub_date": date, "pub_precision": precision, "pub_source": pub_source})
    return {"id": doc_id, "title": title, "lang": lang, "published": published, "source": source, "story_id": story}


def _marks(n: int) -> str:
    return ",".join("?" * n)


class Browse:
    """Mixed into SQLiteStore: `self.con` and `self._where(filters, alias)` come from there."""

    con: Any

    def _where(self, filters: Filters, alias: str = "d") -> tuple[str, list[Any]]:
        raise NotImplementedError

    # -- documents --------------------------------------------------------------------------------
    def document_summaries(self, filters: Filters, limit: int, offset: int) -> list[dict[str, Any]]:
        """{id, title, lang, published, source, story_id} newest first (undated last: NULL sorts
        lowest), no text. The order is the `documents_pub` index's, backwards: no sort of every row."""
        where, params = self._where(filters)
        rows = self.con.execute(
            f"{_SUMMARY} WHERE {where} ORDER BY d.pub_lo DESC, d.pub_hi DESC, d.rowid DESC LIMIT ? OFFSET ?",
            [*params, limit, offset]).fetchall()
        return [_summary(r) for r in rows]

    # -- facets -----------------------------------------------------------------------------------
    def _facet_set(self, filters: Filters, match: str | None, ids: Sequence[str] | None) -> tuple[str, list[Any]]:
        """A CTE `hits(rowid)`: documents matching the full-text expression or in `ids`, and the
        filters — read from the narrow `doc_facets` table, as keyword_search does."""
        where, params = self._where(filters, alias="x")
        where = where.replace("x.source", "x2.source")
        if match is None:  # ids: their rowids from the id index alone, then the narrow table for filters
            ids = list(ids or ())
            source_join = "JOIN documents x2 ON x2.rowid = d.rowid" if filters.source else ""
            facets_join = "JOIN doc_facets x ON x.rowid = d.rowid" if where != "1=1" else ""
            return (f"""WITH hits(rowid) AS (SELECT d.rowid FROM documents d {facets_join} {source_join}
                        WHERE d.id IN ({_marks(len(ids))}) AND {where})""", [*ids, *params])
        source_join = "JOIN documents x2 ON x2.rowid = f.rowid" if filters.source else ""
        return (f"""WITH hits(rowid) AS (SELECT f.rowid FROM documents_fts f JOIN doc_facets x ON x.rowid = f.rowid {source_join}
                    WHERE documents_fts MATCH ? AND {where})""", [match, *params])

    def facet_counts(self, filters: Filters, match: str | None = None, ids: Sequence[str] | None = None,
                     only: Sequence[str] = ("lang", "month", "entity_type", "story"),
                     month_filters: Filters | None = None) -> dict[str, Any]:
        """Counts of documents by language, month, mention type and story (top 10) over the documents
        that match `match` (an FTS5 expression) or are in `ids`, under `filters`; months under
        `month_filters` when given (the search page's histogram ignores the range brushed on it).

        Full-text matches are counted in memory (facet_index.py) unless a source filter needs the
        documents table or the in-memory copy is being renewed; `ids` (a ranked set of a few hundred)
        in SQL."""
        if month_filters == filters:
            month_filters = None
        index = self._facet_index() if match is not None and not filters.source and not (
            month_filters and month_filters.source) else None
        if index is not None:
            out = self._memory_facets(index, filters, match or "", only, month_filters)
        else:
            out = self._sql_facets(filters, match, ids, [k for k in only if k != "month" or month_filters is None])
            if month_filters is not None and "month" in only:
                out["month"] = self._sql_facets(month_filters, match, ids, ("month",))["month"]
        if "story" in out:
            out["story"] = [{"id": sid, "title": self.story_title(sid), "count": n} for sid, n in out["story"]]
        return {k: out[k] for k in only}

    def _facet_index(self) -> FacetIndex | None:
        try:
            row = self.con.execute("SELECT version FROM store_versions WHERE name = 'facets'").fetchone()
        except Exception:  # a store opened without its migrations (read-only, older schema): SQL it is
            return None
        return INDEXES.get(self._facets_key, row[0] if row else 0, self.con)

    @property
    def _facets_key(self) -> str:
        path = getattr(self, "path", None)
        return os.path.realpath(str(path)) if path not in (None, "", ":memory:") else f"connection:{id(self)}"

    def _memory_facets(self, index: FacetIndex, filters: Filters, match: str, only: Sequence[str],
                       month_filters: Filters | None) -> dict[str, Any]:
        rowids = self._rowids("SELECT rowid AS x FROM documents_fts WHERE documents_fts MATCH ?", match)
        out = index.counts(index.keep(rowids, filters, self._among(filters)),
                           [k for k in only if k != "month" or month_filters is None])
        if month_filters is not None and "month" in only:
            out["month"] = index.counts(index.keep(rowids, month_filters, self._among(month_filters)), ("month",))["month"]
        return out

    def _doc_mask(self, filters: Filters) -> np.ndarray | None:
        """Documents allowed by `filters`, a bool per rowid, for a filtered vector search (None: a
        source filter, which the in-memory facets do not carry, or their copy is being renewed)."""
        if filters.source:
            return None
        index = self._facet_index()
        return index.allowed(filters, self._among(filters)) if index is not None else None

    def _among(self, filters: Filters) -> np.ndarray | None:
        """Rowids allowed by the entity and story filters (from their indexes), None when neither is set."""
        parts = [(sql, value) for sql, value in (
            ("SELECT DISTINCT doc_rowid AS x FROM mentions WHERE entity_id = ?", filters.entity),
            ("SELECT doc_rowid AS x FROM story_members WHERE story_id = ?", filters.story)) if value]
        among = None
        for sql, value in parts:
            found = self._rowids(sql, value)
            among = found if among is None else np.intersect1d(among, found)
        return among

    def _rowids(self, sql: str, value: Any) -> np.ndarray:
        """The integers `sql` selects (as column `x`), as one array. Joined into one string inside SQLite and parsed
        by numpy: fetched row by row, Python takes the GIL back for every row (50k matches: 16 ms
        of it, against 5 ms with no GIL and 0.7 ms of parsing), which serialises a busy server's
        threads."""
        joined = self.con.execute(f"SELECT group_concat(x) FROM ({sql})", (value,)).fetchone()[0]
        return np.fromstring(joined, dtype=np.int64, sep=",") if joined else np.zeros(0, dtype=np.int64)

    def _sql_facets(self, filters: Filters, match: str | None, ids: Sequence[str] | None,
                    only: Sequence[str]) -> dict[str, Any]:
        cte, params = self._facet_set(filters, match, ids)
        out: dict[str, Any] = {}
        if {"lang", "month", "entity_type"} & set(only):
            out.update(self._narrow_facets(cte, params, only))
        if "story" in only:
            out["story"] = self.con.execute(f"""{cte} SELECT sm.story_id, count(*) FROM hits h JOIN story_members sm
                                               ON sm.doc_rowid = h.rowid GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10""",
                                            params).fetchall()
        return out

    def _narrow_facets(self, cte: str, params: list[Any], only: Sequence[str]) -> dict[str, dict[str, int]]:
        """Languages, months and mention types in one pass over the hits' rows of `doc_facets`."""
        lang: Counter[str] = Counter()
        month: Counter[str] = Counter()
        types: Counter[str] = Counter()
        for lg, mo, ty, n in self.con.execute(
                f"""{cte} SELECT COALESCE(x.lang, '?'), {MONTH_SQL.replace("d.", "x.")}, x.types, count(*)
                    FROM hits h JOIN doc_facets x ON x.rowid = h.rowid GROUP BY 1, 2, 3""", params):
            lang[lg] += n
            if mo is not None:
                month[mo] += n
            for t in (ty or "").split():
                types[t] += n
        out = {"lang": dict(sorted(lang.items(), key=lambda t: (-t[1], t[0]))), "month": dict(sorted(month.items())),
               "entity_type": dict(sorted(types.items(), key=lambda t: (-t[1], t[0])))}
        return {k: v for k, v in out.items() if k in only}

    def story_title(self, story_id: str) -> str | None:
        """The title of the story's earliest document (as stories/query.py names a story)."""
        row = self.con.execute(
            """SELECT d.title FROM story_members m JOIN documents d ON d.rowid = m.doc_rowid WHERE m.story_id = ?
               ORDER BY COALESCE(d.pub_lo, d.ingested_at), d.rowid LIMIT 1""", (story_id,)).fetchone()
        return row[0] if row else None

    # -- entities ---------------------------------------------------------------------------------
    def _entity_where(self, q: str | None, etype: str | None) -> tuple[str, list[Any]]:
        clauses, params = ["1=1"], []
        if etype:
            clauses.append("e.type = ?")
            params.append(etype.upper())
        if q and fold(q).strip():
            self.con.create_function("ng_fold", 1, fold, deterministic=True)
            clauses.append("""(instr(ng_fold(e.name), ?) > 0 OR EXISTS (SELECT 1 FROM entity_names n
                              WHERE n.entity_id = e.id AND n.blocked = 0 AND instr(ng_fold(n.name), ?) > 0))""")
            params += [fold(q).strip()] * 2
        return " AND ".join(clauses), params

    def entity_summaries(self, q: str | None, etype: str | None, limit: int, offset: int) -> list[dict[str, Any]]:
        """{id, type, name, documents} of linked entities, most documents first; `q` matches any
        name with case and diacritics folded."""
        where, params = self._entity_where(q, etype)
        rows = self.con.execute(
            f"""SELECT e.id, e.type, e.name, n FROM entities e JOIN (SELECT entity_id, count(DISTINCT doc_rowid) AS n
                FROM mentions WHERE entity_id IS NOT NULL GROUP BY entity_id) c ON c.entity_id = e.id
                WHERE {where} ORDER BY n DESC, e.id LIMIT ? OFFSET ?""", [*params, limit, offset]).fetchall()
        return [{"id": i, "type": t, "name": name, "documents": n} for i, t, name, n in rows]

    def count_entities(self, q: str | None, etype: str | None) -> int:
        where, params = self._entity_where(q, etype)
        return self.con.execute(
            f"""SELECT count(*) FROM entities e WHERE {where}
                AND EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = e.id)""", params).fetchone()[0]

    def entity_labels(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """id → {name, type} from the entities table (renames included: replay writes them there)."""
        ids = list(dict.fromkeys(ids))
        out: dict[str, dict[str, Any]] = {}
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            for eid, name, etype in self.con.execute(f"SELECT id, name, type FROM entities WHERE id IN ({_marks(len(part))})", part):
                out[eid] = {"name": name, "type": etype}
        return out

    def entity_timeline(self, entity_id: str) -> list[dict[str, Any]]:
        """Mentions and documents of an entity by publication month (month- or day-precise documents)."""
        rows = self.con.execute(
            f"""SELECT {MONTH_SQL} AS mo, count(*), count(DISTINCT m.doc_rowid) FROM mentions m
                JOIN documents d ON d.rowid = m.doc_rowid WHERE m.entity_id = ? AND mo IS NOT NULL
                GROUP BY 1 ORDER BY 1""", (entity_id,)).fetchall()
        return [{"month": mo, "mentions": n, "documents": docs} for mo, n, docs in rows]

    def entity_document_count(self, entity_id: str) -> int:
        return self.con.execute("SELECT count(DISTINCT doc_rowid) FROM mentions WHERE entity_id = ?", (entity_id,)).fetchone()[0]

    def ego_network(self, entity_id: str, limit: int, max_docs: int = NETWORK_DOCS) -> dict[str, Any]:
        """The entities most often mentioned with `entity_id` and the co-mention edges among all of
        them, counted over its latest `max_docs` documents (by ingestion): bounded work whatever
        the entity's size. {"around": [(id, documents)], "edges": [{source, target, weight}], "documents": n}."""
        docs = [r[0] for r in self.con.execute(
            "SELECT DISTINCT doc_rowid FROM mentions WHERE entity_id = ? ORDER BY doc_rowid DESC LIMIT ?", (entity_id, max_docs))]
        by_doc: dict[int, set[str]] = {}
        for i in range(0, len(docs), 500):
            part = docs[i:i + 500]
            for doc, other in self.con.execute(
                    f"SELECT DISTINCT doc_rowid, entity_id FROM mentions WHERE doc_rowid IN ({_marks(len(part))}) AND entity_id IS NOT NULL",
                    part):
                by_doc.setdefault(doc, set()).add(other)
        together = Counter(e for ents in by_doc.values() for e in ents if e != entity_id)
        around = sorted(together.items(), key=lambda t: (-t[1], t[0]))[:limit]
        keep = {entity_id, *(e for e, _ in around)}
        pairs: Counter[tuple[str, str]] = Counter()
        for ents in by_doc.values():
            inside = sorted(ents & keep)
            pairs.update((a, b) for i, a in enumerate(inside) for b in inside[i + 1:])
        edges = [{"source": a, "target": b, "weight": n} for (a, b), n in sorted(pairs.items(), key=lambda t: (-t[1], t[0]))]
        return {"around": around, "edges": edges, "documents": len(docs)}

    # -- stories ----------------------------------------------------------------------------------
    def _story_where(self, filters: Filters, min_size: int) -> tuple[str, list[Any]]:
        where, params = self._where(filters)
        if where == "1=1":
            return "s.size >= ?", [min_size]
        return (f"""s.size >= ? AND EXISTS (SELECT 1 FROM story_members sm JOIN documents d ON d.rowid = sm.doc_rowid
                    WHERE sm.story_id = s.id AND {where})""", [min_size, *params])

    def story_ids(self, filters: Filters, min_size: int, limit: int, offset: int) -> list[str]:
        """Stories with a member document matching `filters`, latest first."""
        where, params = self._story_where(filters, min_size)
        return [r[0] for r in self.con.execute(
            f"SELECT s.id FROM stories s WHERE {where} ORDER BY s.last_seen DESC, s.size DESC, s.id LIMIT ? OFFSET ?",
            [*params, limit, offset])]

    def count_stories(self, filters: Filters, min_size: int) -> int:
        where, params = self._story_where(filters, min_size)
        return self.con.execute(f"SELECT count(*) FROM stories s WHERE {where}", params).fetchone()[0]

    def story_summaries(self, filters: Filters, min_size: int, limit: int, offset: int) -> list[dict[str, Any]]:
        """{id, title, size, languages, first_seen, last_seen} of `story_ids`' stories."""
        out = []
        for sid in self.story_ids(filters, min_size, limit, offset):
            first, last, size = self.con.execute("SELECT first_seen, last_seen, size FROM stories WHERE id = ?", (sid,)).fetchone()
            langs = dict(self.con.execute(
                """SELECT COALESCE(d.lang, '?'), count(*) FROM story_members m JOIN documents d ON d.rowid = m.doc_rowid
                   WHERE m.story_id = ? GROUP BY 1 ORDER BY 2 DESC, 1""", (sid,)))
            out.append({"id": sid, "title": self.story_title(sid), "size": size, "languages": langs,
                        "first_seen": first, "last_seen": last})
        return out
