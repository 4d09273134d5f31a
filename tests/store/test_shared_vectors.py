"""Handles of one database file share one in-memory passage matrix (store/vectors.py SHARED),
reloaded once when passages change; a load is made by one thread while the others wait."""

from __future__ import annotations

import threading
import time

import numpy as np

from newsgraph.store import Filters
from newsgraph.store.sqlite import SQLiteStore
from newsgraph.store.vectors import SHARED, SharedMatrices

from .test_vectors import _store_with_docs, _unit


def _matrix(store, model="test.v1"):
    v = store.vectors
    return SHARED.current((v._key, model), v._version(model))


def test_two_handles_of_one_file_share_one_matrix(store, make_doc, tmp_path):
    docs = _store_with_docs(store, make_doc)
    other = SQLiteStore(str(tmp_path / "store.db"))
    try:
        for s in (store, store, other, other):
            assert store.vectors.search("test.v1", _unit(1, 0, 0), Filters(), 3)[0].id == docs[0].id
            s.vectors.search("test.v1", _unit(1, 0, 0), Filters(), 3)
        first = _matrix(store)
        assert first is not None and _matrix(other) is first and len(first[0]) == 3
        rowid = store.con.execute("SELECT max(rowid) FROM documents").fetchone()[0]
        store.vectors.write("test.v1", [(rowid, 1, 0, 5, "d")], {"d": _unit(0, 1, 0)})  # a passage more: version moves
        hits = other.vectors.search("test.v1", _unit(0, 1, 0), Filters(), 3)
        assert hits[0].id == docs[2].id and hits[0].similarity > 0.99
        second = _matrix(store)
        assert second is _matrix(other) and second is not first and len(second[0]) == 4
    finally:
        other.close()


def test_in_memory_stores_keep_their_own():
    a, b = SQLiteStore(":memory:"), SQLiteStore(":memory:")
    assert a.vectors._key != b.vectors._key


def test_one_load_per_key_while_other_threads_wait():
    shared = SharedMatrices()
    loads = []

    def load():
        loads.append(1)
        time.sleep(0.2)
        return np.arange(3), np.eye(3, dtype=np.float32)

    got = []
    threads = [threading.Thread(target=lambda: got.append(shared.get(("f", "m"), 7, load))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(loads) == 1 and len({id(g) for g in got}) == 1
    shared.get(("f", "m"), 8, load)  # a new version: loaded again
    assert len(loads) == 2


def test_only_the_newest_keys_are_kept():
    shared = SharedMatrices(keep=2)
    for name in "abc":
        shared.get((name, "m"), 1, lambda: (np.arange(1), np.ones((1, 2), dtype=np.float32)))
    assert shared.current(("a", "m"), 1) is None and shared.current(("c", "m"), 1) is not None
