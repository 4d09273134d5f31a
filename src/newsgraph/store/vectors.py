"""Passage vectors in the SQLite file: the content-hash cache (`embeddings`), each document's
embedded passages with offsets (`doc_chunks`), and an exact KNN index per model (sqlite-vec
`vec0`, cosine distance), loaded into the connection on first use.

Kept apart from sqlite.py: the rest of the store never needs the extension. The PostgreSQL
backend would keep the same two tables and use pgvector for the index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import StoreError
from .base import Filters

MAX_K = 4096  # sqlite-vec's limit on k


@dataclass(frozen=True)
class VectorHit:
    id: str
    similarity: float  # cosine of the query and the document's best passage
    start: int  # that passage, in the clean text
    end: int


def _table(model: str) -> str:
    return "vec_" + re.sub(r"\W", "_", model)


class SQLiteVectors:
    """The vector side of a SQLiteStore (`store.vectors`); `where` builds its filter SQL."""

    def __init__(self, con: Any, where: Any) -> None:
        self.con = con
        self._where = where
        self._loaded = False

    def _load_extension(self) -> None:
        if self._loaded:
            return
        try:
            import sqlite_vec

            self.con.enable_load_extension(True)
            self.con.load_extension(sqlite_vec.loadable_path())
            self.con.enable_load_extension(False)
        except Exception as e:  # no module, no extension loading in this SQLite, a broken file: all the same to a user
            raise StoreError(f"vector search needs the sqlite-vec extension, which could not be loaded: {e}") from None
        self._loaded = True

    def _ensure_index(self, model: str, dim: int) -> str:
        self._load_extension()
        table = _table(model)
        self.con.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING vec0(emb float[{dim}] distance_metric=cosine)")
        return table

    # -- cache ------------------------------------------------------------------------------
    def get_many(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        keys = list(keys)
        out: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), 500):
            part = keys[i:i + 500]
            for key, blob in self.con.execute(
                f"SELECT key, vec FROM embeddings WHERE key IN ({','.join('?' * len(part))})", part):
                out[key] = np.frombuffer(blob, dtype=np.float32)
        return out

    # -- documents --------------------------------------------------------------------------
    def pending(self, model: str, after: int, limit: int) -> list[tuple[int, str | None, str]]:
        """(rowid, title, text) of documents after rowid `after` with no passage embedded by `model`."""
        return self.con.execute(
            """SELECT d.rowid, d.title, d.text FROM documents d
               WHERE d.rowid > ? AND NOT EXISTS (SELECT 1 FROM doc_chunks c WHERE c.model = ? AND c.doc_rowid = d.rowid)
               ORDER BY d.rowid LIMIT ?""", (after, model, limit)).fetchall()

    def count(self, model: str) -> tuple[int, int]:
        """(documents with passages of `model`, documents)."""
        done = self.con.execute("SELECT count(DISTINCT doc_rowid) FROM doc_chunks WHERE model = ?", (model,)).fetchone()[0]
        return done, self.con.execute("SELECT count(*) FROM documents").fetchone()[0]

    def write(self, model: str, passages: Sequence[tuple[int, int, int, int, str]],
              vectors: Mapping[str, np.ndarray]) -> None:
        """Store (doc rowid, chunk, start, end, key) passages and their vectors, in one transaction."""
        if not passages:
            return
        dim = len(next(iter(vectors.values())))
        table = self._ensure_index(model, dim)
        con = self.con
        con.execute("BEGIN IMMEDIATE")
        try:
            con.executemany("INSERT OR IGNORE INTO embeddings (key, model, dim, vec) VALUES (?, ?, ?, ?)",
                            [(k, model, dim, np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()])
            for rowid, chunk, start, end, key in passages:
                cur = con.execute(
                    'INSERT OR IGNORE INTO doc_chunks (doc_rowid, model, chunk, start, "end", key) VALUES (?, ?, ?, ?, ?, ?)',
                    (rowid, model, chunk, start, end, key))
                if cur.rowcount:
                    con.execute(f"INSERT INTO {table} (rowid, emb) VALUES (?, ?)",
                                (cur.lastrowid, np.asarray(vectors[key], dtype=np.float32).tobytes()))
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    # -- search -----------------------------------------------------------------------------
    def search(self, model: str, query: np.ndarray, filters: Filters, limit: int) -> list[VectorHit]:
        """Documents by their best passage's cosine to `query`, best first, at most `limit`.

        vec0 is exact brute force; filters are applied to its nearest passages, so with a
        narrow filter more neighbours are asked for (up to MAX_K)."""
        self._load_extension()
        table = _table(model)
        if not self.con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone():
            return []
        narrow = bool(filters.lang or filters.since or filters.until or filters.source)
        k = min(MAX_K, max(4 * limit, 200) * (8 if narrow else 1))
        where, params = self._where(filters, alias="d")
        rows = self.con.execute(
            f"""WITH knn AS (SELECT rowid, distance FROM {table} WHERE emb MATCH ? AND k = ?)
                SELECT d.id, 1 - knn.distance, c.start, c."end" FROM knn
                JOIN doc_chunks c ON c.id = knn.rowid JOIN documents d ON d.rowid = c.doc_rowid
                WHERE {where} ORDER BY knn.distance""",
            [np.asarray(query, dtype=np.float32).tobytes(), k, *params]).fetchall()
        best: dict[str, VectorHit] = {}
        for doc_id, sim, start, end in rows:
            if doc_id not in best:
                best[doc_id] = VectorHit(doc_id, round(float(sim), 4), start, end)
        return list(best.values())[:limit]
