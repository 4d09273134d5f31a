"""Passage vectors in a real SQLite file with the real sqlite-vec extension (synthetic vectors)."""

from __future__ import annotations

import numpy as np

from newsgraph.embed.documents import passages
from newsgraph.store import Filters
from newsgraph.store.vectors import SHARED


def _unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def _store_with_docs(store, make_doc):
    docs = [make_doc("Hà Nội hosts the defence expo.", lang="en"), make_doc("Le salon de la défense à Hanoï.", lang="fr"),
            make_doc("Bão số 3 đổ bộ vào Quảng Ninh.", lang="vi")]
    run = store.start_run({})
    store.write_batch(docs, [], run)
    rowids = [r[0] for r in store.con.execute("SELECT rowid FROM documents ORDER BY rowid")]
    vecs = {"a": _unit(1, 0, 0), "b": _unit(0.9, 0.1, 0), "c": _unit(0, 0, 1)}
    store.vectors.write("test.v1", [(rowids[0], 0, 0, 10, "a"), (rowids[1], 0, 0, 8, "b"), (rowids[2], 0, 0, 5, "c")], vecs)
    return docs


def test_write_search_and_filters(store, make_doc):
    docs = _store_with_docs(store, make_doc)
    hits = store.vectors.search("test.v1", _unit(1, 0.05, 0), Filters(), 10)
    assert [h.id for h in hits] == [docs[0].id, docs[1].id, docs[2].id]
    assert hits[0].similarity > 0.99 and (hits[0].start, hits[0].end) == (0, 10)
    fr = store.vectors.search("test.v1", _unit(1, 0, 0), Filters(lang=("fr",)), 10)
    assert [h.id for h in fr] == [docs[1].id]
    assert store.vectors.count("test.v1") == (3, 3)
    assert store.vectors.search("other.v1", _unit(1, 0, 0), Filters(), 10) == []  # no index for that model


def test_write_is_idempotent_and_the_cache_answers(store, make_doc):
    _store_with_docs(store, make_doc)
    rowid = store.con.execute("SELECT min(rowid) FROM documents").fetchone()[0]
    store.vectors.write("test.v1", [(rowid, 0, 0, 10, "a")], {"a": _unit(1, 0, 0)})
    assert store.con.execute("SELECT count(*) FROM doc_chunks").fetchone()[0] == 3
    got = store.vectors.get_many(["a", "c", "missing"])
    assert set(got) == {"a", "c"} and np.allclose(got["c"], _unit(0, 0, 1))
    assert store.vectors.pending("test.v1", 0, 10) == []
    assert len(store.vectors.pending("new.v1", 0, 10)) == 3


def test_passages_keep_offsets_and_prefix_the_title():
    text = "one two three four five six seven"
    got = passages("Title", text, words=3, most=2)
    assert [(s, e) for s, e, _ in got] == [(0, 13), (14, 27)]
    assert got[0][2] == "Title\none two three" and got[1][2] == "four five six"
    assert passages(None, text, words=100, most=1) == [(0, len(text), text)]
    assert passages("Only a title", "", words=10, most=1) == [(0, 0, "Only a title")]
    assert passages(None, "   ", words=10, most=1) == []


def test_repeated_searches_use_memory_with_the_same_answers(store, make_doc):
    """The first search asks vec0; later ones a numpy matrix (re-read when passages are added)."""
    docs = _store_with_docs(store, make_doc)
    q = _unit(1, 0.05, 0.02)
    first = store.vectors.search("test.v1", q, Filters(), 10)
    second = store.vectors.search("test.v1", q, Filters(), 10)
    assert [(h.id, h.start, h.end) for h in first] == [(h.id, h.start, h.end) for h in second]
    assert [h.similarity for h in first] == [h.similarity for h in second]
    assert SHARED.current((store.vectors._key, "test.v1"), store.vectors._version("test.v1")) is not None
    extra = make_doc("Another expo article.", lang="en")
    store.write_batch([extra], [], store.start_run({}))
    rowid = store.con.execute("SELECT max(rowid) FROM documents").fetchone()[0]
    store.vectors.write("test.v1", [(rowid, 0, 0, 7, "d")], {"d": _unit(1, 0.05, 0.02)})
    third = store.vectors.search("test.v1", q, Filters(), 10)
    assert third[0].id == extra.id and len(third) == 4 and docs[0].id in {h.id for h in third}


def test_reprocess_drops_passages_whose_text_changed(store, make_doc):
    from newsgraph.reprocess import _replace

    docs = _store_with_docs(store, make_doc)
    rowids = [r[0] for r in store.con.execute("SELECT rowid FROM documents ORDER BY rowid")]
    same = docs[0]
    _replace(store.con, rowids[0], same)  # nothing changed: its passage stays
    changed = make_doc("Le salon de la défense s'ouvre à Hanoï.", lang="fr")
    _replace(store.con, rowids[1], changed)  # new clean text: offsets stale, passage dropped
    left = {r[0] for r in store.con.execute("SELECT doc_rowid FROM doc_chunks")}
    assert rowids[0] in left and rowids[1] not in left
    assert [r[0] for r in store.vectors.pending("test.v1", 0, 10)] == [rowids[1]]
    # re-embedding reuses the freed id safely and search sees the new passage only
    store.vectors.write("test.v1", [(rowids[1], 0, 0, 5, "e")], {"e": _unit(0, 1, 0)})
    hits = store.vectors.search("test.v1", _unit(0, 1, 0), Filters(), 10)
    assert hits[0].id == docs[1].id and hits[0].similarity > 0.99 and len(hits) == 3


def test_vectors_kept_in_memory_are_reloaded_when_a_passage_id_is_reused(store, make_doc):
    """reprocess drops the passages of a document whose text changed; when that was the newest
    passage, SQLite gives its id to the next one. A process searching again must see the new vector."""
    docs = _store_with_docs(store, make_doc)
    probe = _unit(0, 0, 1)
    for _ in range(2):  # the second search reads the vectors into memory
        assert store.vectors.search("test.v1", probe, Filters(), 1)[0].id == docs[2].id
    rowid, newest = store.con.execute("SELECT doc_rowid, max(id) FROM doc_chunks").fetchone()
    store.con.execute("DELETE FROM doc_chunks WHERE id = ?", (newest,))
    store.vectors.write("test.v1", [(rowid, 0, 0, 5, "d")], {"d": _unit(1, 0, 0)})  # now about the expo
    assert store.con.execute("SELECT max(id) FROM doc_chunks").fetchone()[0] == newest  # the same id again
    hit = store.vectors.search("test.v1", probe, Filters(), 3)
    assert all(h.similarity < 0.5 for h in hit)  # nothing points along the old vector any more


def test_a_filtered_search_in_memory_is_exact_however_far_the_allowed_documents_are(store, make_doc):
    """Behind a filter, the in-memory KNN ranks only the allowed documents' passages, and vec0 (a
    process's first search) is asked for more neighbours until enough pass: the one French document
    is found although 40 English passages are nearer."""
    docs = [make_doc(f"English article number {i} about the expo.", lang="en") for i in range(40)]
    docs.append(make_doc("Un article en français sur la tempête.", lang="fr"))
    store.write_batch(docs, [], store.start_run({}))
    rowids = [r[0] for r in store.con.execute("SELECT rowid FROM documents ORDER BY rowid")]
    vecs = {f"k{i}": _unit(1, 0.01 * i, 0) for i in range(40)} | {"fr": _unit(0, 0, 1)}
    store.vectors.write("test.v1", [(r, 0, 0, 5, k) for r, k in zip(rowids, vecs, strict=True)], vecs)
    q = _unit(1, 0, 0.01)
    for _ in range(2):  # vec0 (16 neighbours, then 64), then in memory
        hits = store.vectors.search("test.v1", q, Filters(lang=("fr",)), 1)
        assert [h.id for h in hits] == [docs[-1].id] and hits[0].similarity < 0.1
    assert len(store.vectors.search("test.v1", q, Filters(lang=("en",)), 100)) == 40
    assert store.vectors.search("test.v1", q, Filters(lang=("de",)), 5) == []
