"""Passage vectors in the SQLite file: the content-hash cache (`embeddings`), each document's
embedded passages with offsets (`doc_chunks`), and an exact KNN index per model (sqlite-vec
`vec0`, cosine distance), loaded into the connection on first use.

Kept apart from sqlite.py: the rest of the store never needs the extension. The PostgreSQL
backend would keep the same two tables and use pgvector for the index.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
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


Matrix = tuple[np.ndarray, np.ndarray, np.ndarray]  # (passage ids, their vectors as rows, their documents' rowids)
DocMask = Callable[[Filters], "np.ndarray | None"]  # filters → allowed documents, a bool per rowid (None: not known)


class SharedMatrices:
    """Passage matrices of this process, one per (database file, model), shared by every handle
    of that file: a server's pool of N connections holds one copy, not N (150 MB per 100k passages).

    An entry is good for one `vector_versions` version; the first reader that finds it stale
    reloads it while the others wait for that load (one load per key at a time) instead of each
    making its own. The newest few keys are kept (tests and tools open many files)."""

    def __init__(self, keep: int = 4) -> None:
        self.keep = keep
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[str, str], tuple[int, Matrix]] = OrderedDict()
        self._loading: dict[tuple[str, str], threading.Lock] = {}

    def current(self, key: tuple[str, str], version: int) -> Matrix | None:
        with self._lock:
            got = self._entries.get(key)
            if got is None or got[0] != version:
                return None
            self._entries.move_to_end(key)
            return got[1]

    def get(self, key: tuple[str, str], version: int, load: Callable[[], Matrix]) -> Matrix:
        got = self.current(key, version)
        if got is not None:
            return got
        with self._lock:
            key_lock = self._loading.setdefault(key, threading.Lock())
        with key_lock:
            got = self.current(key, version)
            if got is None:
                got = load()
                with self._lock:
                    self._entries[key] = (version, got)
                    self._entries.move_to_end(key)
                    while len(self._entries) > self.keep:
                        self._entries.popitem(last=False)
        return got


SHARED = SharedMatrices()


class SQLiteVectors:
    """The vector side of a SQLiteStore (`store.vectors`); `where` builds its filter SQL."""

    def __init__(self, con: Any, where: Any, path: str | None = None, doc_mask: DocMask | None = None) -> None:
        self.con = con
        self._where = where
        self._doc_mask = doc_mask
        self._loaded = False
        self._searches = 0
        # handles of one file share its matrices (SHARED); an in-memory store keeps its own
        file = path not in (None, "", ":memory:") and os.path.realpath(str(path))
        self._key = file or f"connection:{id(self)}"

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

    def put(self, model: str, vectors: Mapping[str, np.ndarray]) -> None:
        """Vectors into the cache table, inside the caller's transaction."""
        self.con.executemany("INSERT OR IGNORE INTO embeddings (key, model, dim, vec) VALUES (?, ?, ?, ?)",
                             [(k, model, len(v), np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()])

    # -- documents --------------------------------------------------------------------------
    def pending(self, model: str, after: int, limit: int) -> list[tuple[int, str | None, str]]:
        """(rowid, title, text) of documents after rowid `after` with no passage embedded by `model`."""
        return self.con.execute(
            """SELECT d.rowid, d.title, d.text FROM documents d
               WHERE d.rowid > ? AND NOT EXISTS (SELECT 1 FROM doc_chunks c WHERE c.model = ? AND c.doc_rowid = d.rowid)
               ORDER BY d.rowid LIMIT ?""", (after, model, limit)).fetchall()

    def has(self, model: str) -> bool:
        """Whether any document has passages of `model` (one index probe: searches ask on every call)."""
        return self.con.execute("SELECT 1 FROM doc_chunks WHERE model = ? LIMIT 1", (model,)).fetchone() is not None

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
            self.put(model, vectors)
            for rowid, chunk, start, end, key in passages:
                cur = con.execute(
                    'INSERT OR IGNORE INTO doc_chunks (doc_rowid, model, chunk, start, "end", key) VALUES (?, ?, ?, ?, ?, ?)',
                    (rowid, model, chunk, start, end, key))
                if cur.rowcount:
                    # a passage dropped by `reprocess` leaves its vec0 row behind (harmless: searches
                    # join to doc_chunks); SQLite may give its id to a new passage
                    con.execute(f"DELETE FROM {table} WHERE rowid = ?", (cur.lastrowid,))
                    con.execute(f"INSERT INTO {table} (rowid, emb) VALUES (?, ?)",
                                (cur.lastrowid, np.asarray(vectors[key], dtype=np.float32).tobytes()))
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    # -- search -----------------------------------------------------------------------------
    def _version(self, model: str) -> int:
        row = self.con.execute("SELECT version FROM vector_versions WHERE model = ?", (model,)).fetchone()
        return row[0] if row else 0

    def _read_matrix(self, model: str, table: str, dim: int) -> Matrix:
        rows = self.con.execute(f"SELECT rowid, emb FROM {table}").fetchall()
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        matrix = np.empty((len(rows), dim), dtype=np.float32)
        for i, r in enumerate(rows):  # row by row: no second copy of every blob joined in one bytes object
            matrix[i] = np.frombuffer(r[1], dtype=np.float32)
        del rows
        doc_of = dict(self.con.execute("SELECT id, doc_rowid FROM doc_chunks WHERE model = ?", (model,)))
        doc_rowids = np.fromiter((doc_of.get(int(i), -1) for i in ids), dtype=np.int64, count=len(ids))
        return ids, matrix, doc_rowids  # -1: a vec0 row whose passage `reprocess` dropped

    def _memory_knn(self, model: str, table: str, query: np.ndarray, k: int,
                    allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Exact KNN with numpy over all passage vectors of `model`, read once per process and file
        (SHARED) and re-read when passages were added or removed (`vector_versions`). vec0 scans
        its blobs on every query (≈ 80 ms for 100k passages at k = 200, 240 ms at k = 4,096 here);
        a matrix product is ≈ 10 ms, for 1.5 KB of memory per passage (150 MB per 100k).
        `allowed` (a bool per document rowid): only passages of those documents — an exact
        filtered search, not a filter applied to the nearest few thousand."""
        ids, matrix, doc_rowids = SHARED.get((self._key, model), self._version(model),
                                             lambda: self._read_matrix(model, table, len(query)))
        if not len(ids):
            return []
        sims = matrix @ query
        if allowed is not None:
            ok = (doc_rowids >= 0) & (doc_rowids < len(allowed))
            ok[ok] = allowed[doc_rowids[ok]]
            sims = np.where(ok, sims, -np.inf)
            k = min(k, int(np.count_nonzero(ok)))
            if not k:
                return []
        k = min(k, len(ids))
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.argsort(-sims[top])]
        return [(int(ids[i]), float(1 - sims[i])) for i in top]

    def search(self, model: str, query: np.ndarray, filters: Filters, limit: int) -> list[VectorHit]:
        """Documents by their best passage's cosine to `query`, best first, at most `limit`.

        Exact brute force (vec0, or numpy once the vectors are in memory). In memory, the language,
        date, entity and story filters choose the passages before ranking; otherwise filters apply
        to the nearest passages, and more neighbours are asked for until `limit` documents pass
        (up to MAX_K)."""
        self._load_extension()
        table = _table(model)
        if not self.con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone():
            return []
        narrow = filters != Filters()
        self._searches += 1
        memory = self._searches > 1 or SHARED.current((self._key, model), self._version(model)) is not None
        allowed = self._doc_mask(filters) if narrow and memory and self._doc_mask else None
        query = np.asarray(query, dtype=np.float32)
        # passages, a few per document; behind a filter that is not applied in the KNN, more
        k = min(MAX_K, 2 * limit * (8 if narrow and allowed is None else 1))
        while True:
            if memory:  # a process that searches again (server, benchmark)
                knn = self._memory_knn(model, table, query, k, allowed)
            else:
                knn = self.con.execute(f"SELECT rowid, distance FROM {table} WHERE emb MATCH ? AND k = ?",
                                       [query.tobytes(), k]).fetchall()
            hits = self._documents(knn, filters, limit)
            if len(hits) >= limit or len(knn) < k or k >= MAX_K:
                return hits
            k = min(MAX_K, 4 * k)

    def _documents(self, knn: list[tuple[int, float]], filters: Filters, limit: int) -> list[VectorHit]:
        """The documents of the nearest passages that pass `filters`, each by its best passage."""
        if not knn:
            return []
        # the neighbours first, then their documents: joined inside one statement, SQLite ran the
        # vec0 scan as part of a nested loop (2-3x slower on 100k passages)
        distance = dict(knn)
        where, params = self._where(filters, alias="d")
        ids = list(distance)
        rows = []
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            rows += self.con.execute(
                f"""SELECT c.id, d.id, c.start, c."end" FROM doc_chunks c JOIN documents d ON d.rowid = c.doc_rowid
                    WHERE c.id IN ({','.join('?' * len(part))}) AND {where}""", [*part, *params]).fetchall()
        rows = sorted(((doc_id, 1 - distance[cid], start, end) for cid, doc_id, start, end in rows), key=lambda r: -r[1])
        best: dict[str, VectorHit] = {}
        for doc_id, sim, start, end in rows:
            if doc_id not in best:
                best[doc_id] = VectorHit(doc_id, round(float(sim), 4), start, end)
        return list(best.values())[:limit]
