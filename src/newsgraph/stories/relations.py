"""Inside a story, which documents repeat another: near-duplicates (a re-post with small edits, found
at ingest by MinHash) and translations (the same article in another language).

A translation says the same things in the same order with the same figures. So two members in
different languages are a translation pair when most sentences of their leads have a mutual best
match across the two (cosine of e5 sentence vectors at or above `SENTENCE_COS`, the sentence
matched at most one position away), they have about as many sentences, and the numbers written
in digits agree. Two articles written separately about one event share facts but not sentence
after sentence. The original is the earlier member (publication day, then arrival); a
translation of a translation points to the first original.

Sentence vectors are cached in the store like every other vector (each sentence embedded once).
Calibration: on the bundled sample corpus (one topic: Vietnamese defence), at 0.85 the lead
alignment ≥ 0.6 holds for 67 % of the cross-language pairs of one story and for 2.2 % of pairs
from different stories; the sentence-count and number checks then separate translations from
same-event reports. No labelled translation set exists in bench/: the thresholds are judgement,
tested on texts written for the tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

import numpy as np

from ..corrections.replay import transaction
from ..embed import WriteBackCache, embed_texts, get_encoder
from .corrections import DAY_SQL
from .summary import sentence_spans

LEAD_SENTENCES = 6  # sentences of each member compared
MAX_DAYS = 3  # a translation appears within days of its original
SENTENCE_COS = 0.85  # e5-small cosine of two sentences that say the same
MIN_ALIGNED = 0.6  # share of the shorter lead's sentences matched in order
MIN_SENTENCE_RATIO = 0.6  # fewer / more sentences in the whole texts
MIN_NUMBER_OVERLAP = 0.6  # Jaccard of the numbers in digits (when either text has two or more)
_MIN_CHARS = 25
# 12,000 = 12.000 = 12 000 (space, no-break or narrow no-break space between groups of three); 2.5 = 2,5
_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?![\d])|\d+(?:[.,]\d+)?")


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text) if len(text[s:e]) >= _MIN_CHARS]


def _numbers(text: str) -> set[str]:
    return {re.sub(r"[ \u00a0\u202f.,]", "", n) for n in _NUMBER.findall(text)}


def aligned_share(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the shorter side's sentences with a mutual best match ≥ SENTENCE_COS at most one
    position away from their own."""
    if not len(a) or not len(b):
        return 0.0
    sims = a @ b.T
    best_b, best_a = sims.argmax(axis=1), sims.argmax(axis=0)
    hits = sum(1 for i, j in enumerate(best_b)
               if best_a[j] == i and sims[i, j] >= SENTENCE_COS and abs(i - int(j)) <= 1)
    return hits / min(len(a), len(b))


class _Member:
    __slots__ = ("day", "doc_id", "dup_kind", "dup_of", "dup_similarity", "lang", "n_sentences", "numbers", "rowid",
                 "sentences", "vectors")

    def __init__(self, row: tuple) -> None:
        self.rowid, self.doc_id, self.lang, self.day, text, self.dup_of, self.dup_kind, self.dup_similarity = row
        all_sentences = _sentences(text or "")
        self.sentences = all_sentences[:LEAD_SENTENCES]
        self.numbers = _numbers(text or "")
        self.n_sentences = len(all_sentences)
        self.vectors: np.ndarray = np.zeros((0, 0), dtype=np.float32)


def could_translate(x: _Member, y: _Member) -> bool:
    """The cheap checks (no vectors): other language, published within MAX_DAYS, about as many
    sentences, the same figures."""
    if not x.lang or not y.lang or x.lang == y.lang or not x.n_sentences or not y.n_sentences:
        return False
    if abs(_ordinal(x.day) - _ordinal(y.day)) > MAX_DAYS:
        return False
    if min(x.n_sentences, y.n_sentences) / max(x.n_sentences, y.n_sentences) < MIN_SENTENCE_RATIO:
        return False
    if max(len(x.numbers), len(y.numbers)) >= 2:
        union = x.numbers | y.numbers
        if len(x.numbers & y.numbers) / len(union) < MIN_NUMBER_OVERLAP:
            return False
    return True


def is_translation(x: _Member, y: _Member) -> float | None:
    """The aligned share when x and y are one article in two languages, else None."""
    if not could_translate(x, y):
        return None
    share = aligned_share(x.vectors, y.vectors)
    return share if share >= MIN_ALIGNED else None


def _ordinal(day: str | None) -> int:
    try:
        return date.fromisoformat((day or "")[:10]).toordinal()
    except ValueError:
        return 0


def _relation(m: _Member, earlier: list[_Member], found: dict[int, tuple[str, int, float]]) -> tuple[str, int, float] | None:
    """(kind, original's rowid, score) for member m against the members before it."""
    by_id = {e.doc_id: e for e in earlier}
    if m.dup_kind == "near" and m.dup_of in by_id:
        original = by_id[m.dup_of]
        root = found.get(original.rowid)
        return "near-duplicate", root[1] if root else original.rowid, float(m.dup_similarity or 0.0)
    best: tuple[float, _Member] | None = None
    for e in earlier:
        share = is_translation(m, e)
        if share is not None and (best is None or share > best[0]):
            best = (share, e)
    if best is None:
        return None
    root = found.get(best[1].rowid)
    return "translation", root[1] if root else best[1].rowid, round(best[0], 3)


def mark_relations(store: Any, settings: Any, stories: Iterable[str]) -> int:
    """Recompute the relations of the members of these stories; returns how many members repeat
    another. Runs in its own transaction (with the sentence vectors it encoded)."""
    con, stories = store.con, sorted(set(stories))
    if not stories:
        return 0
    encoder = get_encoder(settings.embed.model, settings.embed.threads)
    cache = WriteBackCache(store.vectors)
    updates: list[tuple[str | None, int | None, float | None, int]] = []
    for story in stories:
        rows = con.execute(
            f"""SELECT d.rowid, d.id, d.lang, {DAY_SQL}, d.text, d.dup_of,
                      d.dup_kind, d.dup_similarity
               FROM story_members m JOIN documents d ON d.rowid = m.doc_rowid WHERE m.story_id = ?
               ORDER BY 4, d.rowid""", (story,)).fetchall()
        members = [_Member(r) for r in rows]
        pairs = [(i, j) for i in range(len(members)) for j in range(i) if could_translate(members[i], members[j])]
        needed = sorted({k for pair in pairs for k in pair})  # only they need sentence vectors (encoded once, ever)
        _embed([members[k] for k in needed], encoder, cache, settings.embed.batch_size)
        found: dict[int, tuple[str, int, float]] = {}
        for i, m in enumerate(members):
            rel = _relation(m, members[:i], found) if i else None
            if rel:
                found[m.rowid] = rel
            updates.append((*(rel or (None, None, None)), m.rowid))
    with transaction(con):
        store.vectors.put(settings.embed.model, cache.new)
        con.executemany("UPDATE story_members SET relation = ?, relation_of = ?, relation_score = ? WHERE doc_rowid = ?",
                        updates)
    return sum(1 for u in updates if u[0])


def _embed(members: list[_Member], encoder: Any, cache: WriteBackCache, batch_size: int) -> None:
    texts = [s for m in members for s in m.sentences]
    vecs = embed_texts(texts, encoder, "query", cache, batch_size) if texts else np.zeros((0, 0), dtype=np.float32)
    i = 0
    for m in members:
        m.vectors = vecs[i:i + len(m.sentences)]
        i += len(m.sentences)
