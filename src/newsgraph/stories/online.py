"""Online story clustering: one pass in publication order, as live ingestion sees documents.

A document joins the story of its most similar recent document (single link over a time window)
when that similarity, normalised for the two languages, clears a threshold; otherwise it opens a
new story. Story numbers never change once given.

Why normalise per language pair: multilingual-e5 gives two unrelated titles in the same language
a cosine of ≈ 0.83 on average and two in different languages ≈ 0.79 (OG2021 titles), a gap larger
than the spread; one raw threshold then splits every cross-lingual story or merges monolingual
ones. So each similarity is turned into a z-score against the mean and spread of similarities
between documents of those two languages, measured as documents arrive (no labels) against a
uniform random sample of all earlier documents — not against the recent ones, which are about the
same days' news and would make every similarity look ordinary — falling back to the statistics of all
same-language or all cross-language pairs, then of all pairs, until a pair has been seen often enough.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class StoryParams:
    threshold: float = 2.9  # z-score the best link must reach (raw cosine when not `normalise`)
    window_hours: float = 24.0  # documents further back than this are not linked to
    min_pair_observations: int = 200  # similarities of a language pair before its own statistics are used
    sample_size: int = 2000  # earlier documents kept (reservoir sample) to measure ordinary similarity
    seed: int = 20211  # the sample is random but reproducible
    normalise: bool = True  # False: raw cosines against `threshold` (the baseline)
    key_weight: float = 1.0  # z added per unit of shared-key evidence (sum of the shared keys' IDF / key_scale)
    key_scale: float = 10.0  # IDF sum that counts as one unit of evidence
    key_cap: float = 1.0  # most evidence one pair of documents can add, in units


class _Running:
    """Mean and variance of a stream of numbers, updated in batches (Chan et al.'s merge)."""

    __slots__ = ("m2", "mean", "n")

    def __init__(self) -> None:
        self.n, self.mean, self.m2 = 0, 0.0, 0.0

    def add(self, xs: np.ndarray) -> None:
        if not len(xs):
            return
        n_b, mean_b = len(xs), float(xs.mean())
        m2_b = float(((xs - mean_b) ** 2).sum())
        n = self.n + n_b
        delta = mean_b - self.mean
        self.mean += delta * n_b / n
        self.m2 += m2_b + delta * delta * self.n * n_b / n
        self.n = n

    @property
    def std(self) -> float:
        return (self.m2 / self.n) ** 0.5 if self.n > 1 and self.m2 > 0 else 1.0


class OnlineClusterer:
    """Feed documents in time order with `add`; it returns each one's story number (0, 1, …)."""

    def __init__(self, params: StoryParams | None = None) -> None:
        self.params = params or StoryParams()
        self._recent: deque[tuple[float, np.ndarray, str, Any, frozenset[str]]] = deque()  # (hours, vector, lang, story, keys)
        self._df: Counter[str] = Counter()  # documents seen with each key
        self._docs = 0  # documents seen (observed or added)
        self._pairs: dict[tuple[str, str], _Running] = {}
        self._all = _Running()
        self._kind = {True: _Running(), False: _Running()}  # same language, different languages
        self._sample_vecs: np.ndarray | None = None  # (sample_size, dim), filled up to len(_sample_langs)
        self._sample_langs: list[str] = []
        self._seen = 0
        self._rng = np.random.default_rng(self.params.seed)
        self.stories = 0
        self.last_score: float | None = None  # z of the link the last `add` joined by; None: it opened a story

    def _stats(self, a: str, b: str) -> _Running:
        key = (a, b) if a <= b else (b, a)
        return self._pairs.setdefault(key, _Running())

    def _pair(self, a: str, b: str) -> _Running:
        """The statistics a pair of languages is normalised with: its own once seen often enough,
        else those of all same- or cross-language pairs, else of all pairs."""
        use = self._stats(a, b)
        if use.n < self.params.min_pair_observations:
            kind = self._kind[a == b]
            use = kind if kind.n >= self.params.min_pair_observations else self._all
        return use

    def zscores(self, va: np.ndarray, la: list[str], vb: np.ndarray, lb: list[str]) -> np.ndarray:
        """(len(va), len(vb)) similarities normalised per language pair, as `add` scores links."""
        sims = va @ vb.T
        if not self.params.normalise:
            return sims
        z = np.empty_like(sims)
        la_arr, lb_arr = np.array(la), np.array(lb)
        for a in set(la):
            rows = la_arr == a
            for b in set(lb):
                use = self._pair(a, b)
                cols = lb_arr == b
                z[np.ix_(rows, cols)] = (sims[np.ix_(rows, cols)] - use.mean) / use.std
        return z

    def observe(self, vector: np.ndarray, lang: str | None, keys: Iterable[str] | None = None) -> None:
        """Learn ordinary similarity (and how common each key is) from an earlier document without
        linking to it (priming the statistics from a store's documents)."""
        vector = np.asarray(vector, dtype=np.float32)
        self._measure(vector, lang or "und")
        self._keep(vector, lang or "und")
        self._count(keys)

    def remember(self, vector: np.ndarray, hours: float, lang: str | None, story: Hashable,
                 keys: Iterable[str] | None = None) -> None:
        """A document already in `story` (stored earlier), which later documents may link to."""
        while self._recent and self._recent[0][0] < hours - self.params.window_hours:
            self._recent.popleft()
        self._recent.append((hours, np.asarray(vector, dtype=np.float32), lang or "und", story, frozenset(keys or ())))

    def idf(self, key: str) -> float:
        """How telling a shared key is: log((documents + 1) / (documents with it + 1))."""
        return math.log((self._docs + 1) / (self._df[key] + 1))

    def key_evidence(self, a: frozenset[str], b: frozenset[str]) -> float:
        """Units of evidence (capped) that two documents are about one event from the keys they share."""
        shared = a & b
        if not shared or self.params.key_weight <= 0:
            return 0.0
        return min(sum(self.idf(k) for k in shared) / self.params.key_scale, self.params.key_cap)

    def _count(self, keys: Iterable[str] | None) -> None:
        self._docs += 1
        if keys:
            self._df.update(set(keys))

    def add(self, vector: np.ndarray, hours: float, lang: str | None, keys: Iterable[str] | None = None) -> Hashable:
        """The story of a document published at `hours` (any monotone clock in hours): a story
        remembered or given before, or a new number (0, 1, …). `keys`: language-independent keys
        (linked entity ids, document codes); shared rare keys add to the link's score."""
        lang = lang or "und"
        own = frozenset(keys or ())
        self._count(own)
        while self._recent and self._recent[0][0] < hours - self.params.window_hours:
            self._recent.popleft()
        if self.params.normalise:
            self._measure(vector, lang)
        best_story: Any = None
        best = -np.inf
        if self._recent:
            vecs = np.stack([r[1] for r in self._recent])
            sims = vecs @ vector
            z = np.empty_like(sims)
            langs = np.array([r[2] for r in self._recent])
            for other in set(langs.tolist()):
                use = self._pair(lang, other)
                mask = langs == other
                z[mask] = (sims[mask] - use.mean) / use.std
            if not self.params.normalise:
                z = sims
            if own and self.params.key_weight > 0:
                z = z + self.params.key_weight * np.array([self.key_evidence(own, r[4]) for r in self._recent])
            k = int(np.argmax(z))
            best, best_story = float(z[k]), self._recent[k][3]
        self.last_score = best if best >= self.params.threshold else None
        if best >= self.params.threshold:
            story = best_story
        else:
            story = self.stories
            self.stories += 1
        vector = np.asarray(vector, dtype=np.float32)
        self._recent.append((hours, vector, lang, story, own))
        self._keep(vector, lang)
        return story

    def _measure(self, vector: np.ndarray, lang: str) -> None:
        """Similarities of this document to the sample of earlier ones, into the per-pair statistics."""
        n = len(self._sample_langs)
        if not n:
            return
        assert self._sample_vecs is not None
        sims = self._sample_vecs[:n] @ vector
        langs = np.array(self._sample_langs)
        for other in set(langs.tolist()):
            self._stats(lang, other).add(sims[langs == other])
        self._kind[True].add(sims[langs == lang])
        self._kind[False].add(sims[langs != lang])
        self._all.add(sims)

    def _keep(self, vector: np.ndarray, lang: str) -> None:
        """Reservoir sampling: every document seen so far is in the sample with the same chance."""
        self._seen += 1
        if self._sample_vecs is None:
            self._sample_vecs = np.zeros((self.params.sample_size, len(vector)), dtype=np.float32)
        n = len(self._sample_langs)
        if n < self.params.sample_size:
            self._sample_vecs[n] = vector
            self._sample_langs.append(lang)
            return
        j = int(self._rng.integers(0, self._seen))
        if j < self.params.sample_size:
            self._sample_vecs[j] = vector
            self._sample_langs[j] = lang
