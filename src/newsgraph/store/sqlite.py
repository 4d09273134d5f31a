"""The embedded store: one SQLite file in WAL mode, FTS5 for keywords.

Each batch is written in one transaction (all or nothing), so an ingest killed at any point
leaves whole batches behind; re-running skips the stored ids. Readers open their own
connection and see the last committed batch while a writer works.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

try:  # sqlean bundles a current SQLite that can load extensions (sqlite-vec); stdlib works for all else
    import sqlean as sqlite3
except ImportError:  # pragma: no cover
    import sqlite3  # type: ignore[no-redef]

import numpy as np

from ..errors import NotADatabase, SchemaTooNew, StoreError
from ..model.document import Document, Rejection
from ..text import fingerprint
from ..text.normalise import fold
from . import fts
from .base import BatchResult, Filters, KeywordHit, Store
from .browse import Browse
from .migrations import MIGRATIONS, SCHEMA_VERSION
from .records import document_row, facet_types, period, row_to_contract
from .vectors import SQLiteVectors

SQLITE_MAGIC = b"SQLite format 3\x00"
# document rows with the story each belongs to (DESIGN's `story_id`), for every read of whole documents
_DOCUMENTS = "SELECT d.*, sm.story_id FROM documents d LEFT JOIN story_members sm ON sm.doc_rowid = d.rowid"
NEAR_DUPLICATE_SIMILARITY = 0.6  # estimated Jaccard of word 3-shingles; re-publications with edits score > 0.8


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def connect(path: str) -> Any:
    if path != ":memory:":
        p = Path(path)
        if p.is_dir():
            raise NotADatabase(f"{path} is a directory")
        if p.exists() and p.stat().st_size > 0:
            with p.open("rb") as f:
                if f.read(16) != SQLITE_MAGIC:
                    raise NotADatabase(f"{path} is not a SQLite database")
        p.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute("PRAGMA busy_timeout=60000")
        # 64 MiB of page cache instead of 2: the writer reads index pages (names, keys, bands,
        # FTS) for every document, and re-reading them through the OS cost ≈ 10 % of its time
        con.execute("PRAGMA cache_size=-65536")
    except sqlite3.DatabaseError as e:
        raise NotADatabase(f"{path}: {e}") from None
    return con


class SQLiteStore(Browse, Store):
    def __init__(self, path: str):
        self.path = path
        self.con = connect(path)
        self._migrate()
        self.vectors = SQLiteVectors(self.con, self._where, path, self._doc_mask)

    # -- schema -----------------------------------------------------------------------------
    def _migrate(self) -> None:
        con = self.con
        con.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = {r[0] for r in con.execute("SELECT name FROM migrations")}
        known = {name for name, _ in MIGRATIONS}
        unknown = sorted(done - known)
        if unknown:
            raise SchemaTooNew(f"{self.path} has migrations {unknown} unknown to this newsgraph")
        for name, fn in MIGRATIONS:
            if name in done:
                continue
            con.execute("BEGIN IMMEDIATE")
            try:
                if con.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
                    con.execute("ROLLBACK")  # another process applied it meanwhile
                    continue
                fn(con)
                con.execute("INSERT INTO migrations VALUES (?, ?)", (name, now_iso()))
                con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        return self.con.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        self.con.close()

    # -- runs -------------------------------------------------------------------------------
    def start_run(self, args: dict[str, Any]) -> int:
        cur = self.con.execute(
            "INSERT INTO runs (started_at, status, args) VALUES (?, 'running', ?)",
            (now_iso(), json.dumps(args, ensure_ascii=False)),
        )
        return int(cur.lastrowid)

    def finish_run(self, run_id: int, summary: dict[str, Any], status: str = "done") -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = ?, status = ?, summary = ? WHERE id = ?",
            (now_iso(), status, json.dumps(summary, ensure_ascii=False), run_id),
        )

    def rejections(self, run_id: int | None = None) -> list[dict[str, Any]]:
        sql = "SELECT run_id, source, stage, code, message, at FROM rejections"
        rows = self.con.execute(sql + (" WHERE run_id = ?" if run_id else "") + " ORDER BY id", (run_id,) if run_id else ())
        keys = ("run_id", "source", "stage", "code", "message", "at")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    # -- write ------------------------------------------------------------------------------
    def known_ids(self, ids: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            q = f"SELECT id, source FROM documents WHERE id IN ({','.join('?' * len(chunk))})"
            found.update(self.con.execute(q, chunk))
        return found

    def write_batch(
        self, docs: Sequence[Document], rejections: Sequence[Rejection], run_id: int,
        also_seen: Sequence[tuple[str, str]] = (),
    ) -> BatchResult:
        result = BatchResult()
        con = self.con
        con.execute("BEGIN IMMEDIATE")
        try:
            for doc in docs:
                self._write_one(doc, run_id, result)
            self._link(result.stored)
            self._also_seen(also_seen, run_id)
            at = now_iso()
            con.executemany(
                "INSERT INTO rejections (run_id, source, stage, code, message, at) VALUES (?, ?, ?, ?, ?, ?)",
                [(run_id, r.source, r.stage, r.code, r.message, at) for r in rejections],
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return result

    def _write_one(self, doc: Document, run_id: int, result: BatchResult) -> None:
        doc_id = doc.id
        existing = self.con.execute("SELECT source FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if existing:  # processed in parallel with its first copy: same outcome as a skip before the stages
            if existing[0] == doc.source:
                result.unchanged.append(doc_id)
            else:
                self._also_seen([(doc_id, doc.source)], run_id)
                result.duplicates.append((doc.source, doc_id))
            return
        folded = fold(doc.text)  # once, for both the near-duplicate signature and the full-text index
        sig = fingerprint.minhash_folded(folded)
        dup_of, dup_kind, sim = self._find_duplicate(doc, sig)
        row = document_row(doc, run_id, now_iso())
        row.update(minhash=sig.tobytes(), dup_of=dup_of, dup_kind=dup_kind, dup_similarity=sim)
        cols = ", ".join(row)
        cur = self.con.execute(f"INSERT INTO documents ({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
        rowid = cur.lastrowid
        self.con.execute(
            "INSERT INTO doc_facets (rowid, lang, pub_lo, pub_hi, types) VALUES (?, ?, ?, ?, ?)",
            (rowid, row["lang"], row["pub_lo"], row["pub_hi"], facet_types([m.type for m in doc.mentions])),
        )
        self.con.execute(
            "INSERT INTO documents_fts (rowid, title, body) VALUES (?, ?, ?)",
            (rowid, fts.index_text(doc.title or ""), fts.index_text(folded, folded=True)),
        )
        self.con.executemany(
            "INSERT INTO near_bands (band, key, doc_rowid) VALUES (?, ?, ?)",
            [(b, k, rowid) for b, k in enumerate(fingerprint.band_keys(sig))],
        )
        self.con.executemany(
            'INSERT INTO mentions (doc_rowid, start, "end", type, method, confidence, entity_id, attrs)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(rowid, m.start, m.end, m.type, m.method, m.confidence, m.entity_id,
              json.dumps(m.attrs, ensure_ascii=False) if m.attrs else None) for m in doc.mentions],
        )
        if doc.raw:
            self.con.execute("INSERT INTO raw (doc_rowid, data) VALUES (?, ?)", (rowid, zlib.compress(doc.raw.encode(), 6)))
        result.stored.append(doc_id)
        if dup_kind == "exact":
            result.duplicates.append((doc.source, dup_of))
        elif dup_kind == "near":
            result.near_duplicates.append((doc_id, dup_of, sim))

    def _link(self, doc_ids: Sequence[str]) -> None:
        """Entity linking of the documents just stored, in this batch's transaction (linking/)."""
        if not doc_ids:
            return
        from ..linking import link_documents  # the linker imports packs and corrections: load on first use

        by_id = dict(self.con.execute(
            f"SELECT id, rowid FROM documents WHERE id IN ({','.join('?' * len(doc_ids))})", list(doc_ids)))
        link_documents(self.con, [by_id[i] for i in doc_ids])

    def _also_seen(self, pairs: Sequence[tuple[str, str]], run_id: int) -> None:
        self.con.executemany(
            """INSERT OR IGNORE INTO document_sources (doc_rowid, source, run_id, seen_at)
               SELECT rowid, ?, ?, ? FROM documents WHERE id = ?""",
            [(source, run_id, now_iso(), doc_id) for doc_id, source in pairs],
        )

    def _find_duplicate(self, doc: Document, sig: np.ndarray) -> tuple[str | None, str | None, float | None]:
        """Exact: same decoded content under another identity. Near: MinHash similarity over the clean text."""
        row = self.con.execute(
            "SELECT id, COALESCE(dup_of, id) FROM documents WHERE content_key = ? ORDER BY rowid LIMIT 1",
            (doc.content_key,),
        ).fetchone()
        if row:
            return row[0], "exact", 1.0
        keys = fingerprint.band_keys(sig)
        where = " OR ".join("(band = ? AND key = ?)" for _ in keys)
        params = [v for b, k in enumerate(keys) for v in (b, k)]
        cands = self.con.execute(
            f"""SELECT d.id, d.dup_of, d.dup_kind, d.minhash FROM documents d
                WHERE d.rowid IN (SELECT doc_rowid FROM near_bands WHERE {where}) ORDER BY d.rowid""",
            params,
        ).fetchall()
        best: tuple[float, str] | None = None
        for cid, cdup, ckind, cmin in cands:
            s = fingerprint.similarity(sig, cmin)
            group = cdup if ckind == "near" and cdup else cid  # join the group's first document
            if s >= NEAR_DUPLICATE_SIMILARITY and (best is None or s > best[0]):
                best = (s, group)
        if best:
            return best[1], "near", round(best[0], 3)
        return None, None, None

    # -- read -------------------------------------------------------------------------------
    def _where(self, filters: Filters, alias: str = "d") -> tuple[str, list[Any]]:
        clauses, params = ["1=1"], []
        if filters.lang:
            clauses.append(f"{alias}.lang IN ({','.join('?' * len(filters.lang))})")
            params.extend(filters.lang)
        if filters.since:
            clauses.append(f"{alias}.pub_hi >= ?")
            params.append(period(filters.since)[0])
        if filters.until:
            clauses.append(f"{alias}.pub_lo <= ?")
            params.append(period(filters.until)[1])
        if filters.source:
            clauses.append(f"instr({alias}.source, ?) > 0")
            params.append(filters.source)
        if filters.entity:  # answered from the (entity_id, doc_rowid) index
            clauses.append(f"EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = ? AND m.doc_rowid = {alias}.rowid)")
            params.append(filters.entity)
        if filters.story:
            clauses.append(f"EXISTS (SELECT 1 FROM story_members s WHERE s.story_id = ? AND s.doc_rowid = {alias}.rowid)")
            params.append(filters.story)
        if filters.entity_type:  # answered from the (doc_rowid, type) index
            clauses.append(f"""EXISTS (SELECT 1 FROM mentions mt WHERE mt.doc_rowid = {alias}.rowid
                                AND mt.type IN ({','.join('?' * len(filters.entity_type))}))""")
            params.extend(filters.entity_type)
        return " AND ".join(clauses), params

    def _mentions(self, rowid: int) -> list[tuple]:
        return self.con.execute(
            'SELECT start, "end", type, method, confidence, entity_id, attrs FROM mentions WHERE doc_rowid = ? ORDER BY start',
            (rowid,),
        ).fetchall()

    def _fetch(self, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params)
        names = [c[0] for c in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur]

    def document_rowid(self, doc_id: str) -> int | None:
        """The rowid of the document with this id, or with this id prefix (4+ characters) when one
        document alone has it; StoreError when several do."""
        row = self.con.execute("SELECT rowid FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None and len(doc_id) >= 4:
            rows = self.con.execute("SELECT rowid FROM documents WHERE id >= ? AND id < ? LIMIT 2",
                                    (doc_id, doc_id + "\uffff")).fetchall()
            if len(rows) > 1:
                raise StoreError(f"id prefix {doc_id!r} is ambiguous")
            row = rows[0] if rows else None
        return row[0] if row else None

    def get_document(self, doc_id: str, detail: bool = False) -> dict[str, Any] | None:
        rowid = self.document_rowid(doc_id)
        if rowid is None:
            return None
        row = self._fetch(f"{_DOCUMENTS} WHERE d.rowid = ?", (rowid,))[0]
        out = row_to_contract(row, self._mentions(row["rowid"]), detail=detail)
        if detail:
            out["detail"]["also_seen_at"] = [r[0] for r in self.con.execute(
                "SELECT source FROM document_sources WHERE doc_rowid = ? ORDER BY seen_at, source", (row["rowid"],))]
        return out

    def raw_text(self, doc_id: str) -> str | None:
        r = self.con.execute(
            "SELECT r.data FROM raw r JOIN documents d ON d.rowid = r.doc_rowid WHERE d.id = ?", (doc_id,)
        ).fetchone()
        return zlib.decompress(r[0]).decode() if r else None

    def list_documents(self, filters: Filters, limit: int = 20, offset: int = 0, order: str = "date") -> list[dict[str, Any]]:
        where, params = self._where(filters)
        order_sql = {"date": "d.pub_lo IS NULL, d.pub_lo DESC, d.rowid", "ingested": "d.rowid"}.get(order, "d.rowid")
        rows = self._fetch(
            f"{_DOCUMENTS} WHERE {where} ORDER BY {order_sql} LIMIT ? OFFSET ?", [*params, limit, offset]
        )
        return [row_to_contract(r, self._mentions(r["rowid"])) for r in rows]

    def count_documents(self, filters: Filters) -> int:
        where, params = self._where(filters)
        return self.con.execute(f"SELECT count(*) FROM documents d WHERE {where}", params).fetchone()[0]

    def iter_documents(self, filters: Filters) -> Iterator[dict[str, Any]]:
        where, params = self._where(filters)
        last = 0
        while True:  # keyset pages: flat memory, and no long-lived read cursor across yields
            rows = self._fetch(
                f"{_DOCUMENTS} WHERE {where} AND d.rowid > ? ORDER BY d.rowid LIMIT 500", [*params, last]
            )
            if not rows:
                return
            for r in rows:
                yield row_to_contract(r, self._mentions(r["rowid"]))
            last = rows[-1]["rowid"]

    def keyword_search(self, match: str, filters: Filters, limit: int, offset: int,
                       count: bool = True) -> tuple[list[KeywordHit], int]:
        """Matches are joined to the narrow `doc_facets` table for filters (fast), and to `documents`
        only for the page of hits (and for a source filter, which facets do not carry)."""
        where, params = self._where(filters, alias="x")
        source_join = "JOIN documents x2 ON x2.rowid = f.rowid" if filters.source else ""
        where = where.replace("x.source", "x2.source")
        base = f"""FROM documents_fts f JOIN doc_facets x ON x.rowid = f.rowid {source_join}
                   WHERE documents_fts MATCH ? AND {where}"""
        try:
            total = self.con.execute(f"SELECT count(*) {base}", [match, *params]).fetchone()[0] if count else -1
            ranked = self.con.execute(
                f"SELECT f.rowid, bm25(documents_fts, 3.0, 1.0) AS s {base} ORDER BY s, f.rowid LIMIT ? OFFSET ?",
                [match, *params, limit, offset],
            ).fetchall()
        except sqlite3.OperationalError as e:  # a compiled query should never fail; say so clearly if it does
            raise StoreError(f"full-text query failed: {e}") from None
        ids = dict(self.con.execute(
            f"SELECT rowid, id FROM documents WHERE rowid IN ({','.join('?' * len(ranked))})", [r[0] for r in ranked]
        )) if ranked else {}
        return [KeywordHit(ids[r[0]], round(-r[1], 4)) for r in ranked], total

    def texts(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """id → {title, text, lang, source, published} for building hits and snippets."""
        if not ids:
            return {}
        rows = self._fetch(f"SELECT * FROM documents WHERE id IN ({','.join('?' * len(ids))})", list(ids))
        return {r["id"]: row_to_contract(r, []) for r in rows}

    def stats(self) -> dict[str, Any]:
        con = self.con
        one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "documents": one("SELECT count(*) FROM documents"),
            "by_lang": dict(con.execute("SELECT COALESCE(lang, '?'), count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC")),
            "by_month": dict(
                con.execute(
                    "SELECT COALESCE(substr(pub_date, 1, 7), 'undated'), count(*) FROM documents GROUP BY 1 ORDER BY 1"
                )
            ),
            "by_lang_month": [
                list(r)
                for r in con.execute(
                    """SELECT COALESCE(lang, '?'), COALESCE(substr(pub_date, 1, 7), 'undated'), count(*)
                       FROM documents GROUP BY 1, 2 ORDER BY 1, 2"""
                )
            ],
            "by_date_precision": dict(
                con.execute("SELECT COALESCE(pub_precision, 'none'), count(*) FROM documents GROUP BY 1")
            ),
            "duplicates": dict(con.execute("SELECT dup_kind, count(*) FROM documents WHERE dup_kind IS NOT NULL GROUP BY 1")),
            "future_dates_flagged": one("SELECT count(*) FROM documents WHERE date_flags IS NOT NULL AND date_flags != '[]'"),
            "with_vectors": dict(con.execute("SELECT model, count(DISTINCT doc_rowid) FROM doc_chunks GROUP BY 1 ORDER BY 1")),
            "rejections": one("SELECT count(*) FROM rejections"),
            "runs": one("SELECT count(*) FROM runs"),
            "schema_version": self.schema_version,
            "path": self.path,
        }

    def mentions_of(self, entity_id: str, limit: int | None = None, with_posts: bool = False,
                    earliest: bool = False) -> list[dict[str, Any]]:
        # the choice follows the (entity_id, doc_rowid) index (no sort of every mention); only the
        # chosen mentions join documents, and substr reads each surface (character offsets, as
        # Python's) without copying the whole text
        posts = """AND (m.attrs LIKE '%"titles"%' OR m.attrs LIKE '%"posts"%')""" if with_posts else ""
        order = "m.doc_rowid, m.start" if earliest else "m.doc_rowid DESC, m.start DESC"
        rows = self.con.execute(
            f"""WITH pick AS (SELECT m.rowid AS mid FROM mentions m WHERE m.entity_id = ? {posts} ORDER BY {order} LIMIT ?)
                SELECT d.id, m.start, m."end", m.type, m.attrs, substr(d.text, m.start + 1, m."end" - m.start), d.lang, d.pub_date
                FROM pick JOIN mentions m ON m.rowid = pick.mid JOIN documents d ON d.rowid = m.doc_rowid
                ORDER BY d.pub_lo IS NOT NULL, d.pub_lo, m.doc_rowid, m.start""",
            (entity_id, -1 if limit is None else limit),
        ).fetchall()
        return [{"doc_id": i, "start": s, "end": e, "type": t, "attrs": json.loads(a) if a else {},
                 "text": text, "lang": lang, "published": pub} for i, s, e, t, a, text, lang, pub in rows]

    def entity_post_spans(self, entity_id: str) -> list[dict[str, Any]]:
        """Every post bound to the entity's mentions (titles, else offices the linker read), with the
        first and last publication date and the number of mentions, counted in SQL over all of them."""
        out = []
        for path, key_sql, extra in (
                ("$.titles", "COALESCE(json_extract(t.value, '$.post_id'), json_extract(t.value, '$.title'))",
                 "json_extract(t.value, '$.org_id')"),
                ("$.link.posts", "t.value", "NULL")):
            not_titled = "AND json_extract(m.attrs, '$.titles[0]') IS NULL" if path != "$.titles" else ""
            like = "titles" if path == "$.titles" else "posts"
            out += [{"key": k, "org": org, "first_seen": lo, "last_seen": hi, "mentions": n}
                    for k, org, lo, hi, n in self.con.execute(
                        f"""SELECT {key_sql}, {extra}, min(x.pub_lo), max(x.pub_lo), count(DISTINCT m.rowid)
                            FROM mentions m JOIN doc_facets x ON x.rowid = m.doc_rowid, json_each(m.attrs, '{path}') t
                            WHERE m.entity_id = ? AND m.attrs LIKE '%"{like}"%' {not_titled} GROUP BY 1, 2""",
                        (entity_id,)) if k]
        return out

    def entity_mention_counts(self, entity_id: str) -> dict[str, int]:
        """Mentions of an entity by the language of their documents ('?' when unknown)."""
        return dict(self.con.execute(
            """SELECT COALESCE(x.lang, '?'), count(*) FROM mentions m JOIN doc_facets x ON x.rowid = m.doc_rowid
               WHERE m.entity_id = ? GROUP BY 1 ORDER BY 2 DESC, 1""", (entity_id,)).fetchall())

    def entity_document_ids(self, entity_id: str, limit: int | None = None) -> list[str]:
        if limit is not None:  # walk the id index, stop at `limit`: no read of every document's id
            return [r[0] for r in self.con.execute(
                """SELECT d.id FROM documents d WHERE EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = ?
                   AND m.doc_rowid = d.rowid) ORDER BY d.id LIMIT ?""", (entity_id, limit))]
        return [r[0] for r in self.con.execute(
            """SELECT d.id FROM documents d WHERE d.rowid IN (SELECT doc_rowid FROM mentions WHERE entity_id = ?)
               ORDER BY d.id""", (entity_id,))]

    def linked_entities(self) -> list[str]:
        return [r[0] for r in self.con.execute(
            "SELECT DISTINCT entity_id FROM mentions WHERE entity_id IS NOT NULL ORDER BY entity_id")]

    def co_mentioned(self, entity_id: str, limit: int = 20, max_docs: int | None = None) -> list[dict[str, Any]]:
        rows = self.con.execute(
            """SELECT o.entity_id, count(DISTINCT o.doc_rowid) AS n FROM mentions o
               WHERE o.doc_rowid IN (SELECT DISTINCT doc_rowid FROM mentions WHERE entity_id = ?
                                     ORDER BY doc_rowid DESC LIMIT ?)
                 AND o.entity_id IS NOT NULL AND o.entity_id != ?
               GROUP BY o.entity_id ORDER BY n DESC, o.entity_id LIMIT ?""",
            (entity_id, -1 if max_docs is None else max_docs, entity_id, limit),
        ).fetchall()
        return [{"id": e, "documents": n} for e, n in rows]

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        rows = self._fetch(
            "SELECT id, type, name, origin, confidence, attrs, first_seen, last_seen FROM entities WHERE id = ?",
            (entity_id,))
        if not rows:
            return None
        row = rows[0]
        row["attrs"] = json.loads(row["attrs"]) if row["attrs"] else {}
        return row

    def entity_names(self, entity_id: str) -> list[dict[str, Any]]:
        return self._fetch(
            """SELECT name, lang, script, origin, seen, blocked FROM entity_names WHERE entity_id = ?
               ORDER BY blocked, seen DESC, origin = 'text', name""",
            (entity_id,))

    def words(self) -> Iterator[tuple[str, str]]:
        """(lang, text) of every document, for term statistics."""
        yield from self.con.execute("SELECT COALESCE(lang, '?'), text FROM documents ORDER BY rowid")
