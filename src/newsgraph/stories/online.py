"""Online story clustering: one pass in publication order, as live ingestion sees documents.

A document joins the recent story it links to best when that score clears a threshold; otherwise it
opens a new story. Story numbers never change once given (repair.py merges afterwards).

The score of one document pair is its cosine, normalised for the two languages, made fairer to
generic titles, raised by shared rare keys and lowered by time:

- Languages: multilingual-e5 gives two unrelated titles in the same language a cosine of ≈ 0.83 on
  average and two in different languages ≈ 0.79 (OG2021 titles), a gap larger than the spread; one
  raw threshold then splits every cross-lingual story or merges monolingual ones. So each similarity
  is a z-score against the mean and spread of similarities between documents of those two languages,
  measured as documents arrive (no labels) against a uniform random sample of all earlier documents —
  not against the recent ones, which are about the same days' news and would make every similarity
  look ordinary — falling back to all same- or cross-language pairs, then all pairs, until a pair of
  languages has been seen often enough.
- Hubs: a generic title ("Tokyo Olympics: what you need to know") is close to everything and chains
  events together; the mean of a document's best z-scores against the sample (its hubness) is taken
  off, half from each side (as CSLS does for word translation).
- Keys: language-independent strings a caller may pass (`e:<entity id>`, `d:<document code>`,
  `n:<number>`); a shared key adds its IDF, learnt from the stream, so a shared rare entity counts and
  a key every document has does not.
- Time: the score falls by `decay_per_day` per day between the two documents, inside a hard window.

A document's score for a story is the mean of its `link_k` best pair scores to the story's recent
members (fewer when the story is smaller): one lucky link no longer chains two events, while a
document that resembles several members joins a big story easily.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np


@dataclass(frozen=True)
class StoryParams:
    threshold: float = 1.8  # story score to join (z units; raw cosine when not `normalise`)
    window_hours: float = 48.0  # documents further back than this are not linked to
    min_pair_observations: int = 200  # similarities of a language pair before its own statistics are used
    sample_size: int = 2000  # earlier documents kept (reservoir sample) to measure ordinary similarity
    seed: int = 20211  # the sample is random but reproducible
    normalise: bool = True  # False: raw cosines, no hubness correction or time decay (the baseline)
    key_weight: float = 1.0  # z added per unit of shared-key evidence (sum of the shared keys' IDF / key_scale)
    key_scale: float = 10.0  # IDF sum that counts as one unit of evidence
    key_cap: float = 1.0  # most evidence one pair of documents can add, in units
    hub_weight: float = 0.3  # share of the two documents' mean hubness taken off a pair's z
    hub_k: int = 20  # hubness: mean of a document's this many best z-scores against the sample
    link_k: int = 3  # a story's score: mean of the document's this many best pair scores to its members
    decay_per_day: float = 1.0  # z taken off per day between the two documents (not in raw cosine mode)


class _Recent(NamedTuple):
    hours: float
    vector: np.ndarray
    lang: str
    story: Any
    keys: frozenset[str]
    hub: float


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
        self._recent: deque[_Recent] = deque()
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
        self.last_score: float | None = None  # score of the story the last `add` joined; None: it opened one

    # --- similarity ---------------------------------------------------------------------------

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
        """(len(va), len(vb)) similarities normalised per language pair (raw when not `normalise`)."""
        sims = np.asarray(va, dtype=np.float32) @ np.asarray(vb, dtype=np.float32).T
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

    def hubness(self, vecs: np.ndarray, langs: list[str]) -> np.ndarray:
        """Each document's mean of its `hub_k` best z-scores against the sample of earlier
        documents: how close a title is to everything (0 until the sample has 2 × hub_k)."""
        p, n = self.params, len(self._sample_langs)
        if not p.normalise or p.hub_weight <= 0 or n < 2 * p.hub_k:
            return np.zeros(len(langs), dtype=np.float32)
        assert self._sample_vecs is not None
        z = self.zscores(np.atleast_2d(vecs), list(langs), self._sample_vecs[:n], self._sample_langs)
        return np.partition(z, n - p.hub_k, axis=1)[:, n - p.hub_k:].mean(axis=1)

    def link_scores(self, va: np.ndarray, la: list[str], vb: np.ndarray, lb: list[str],
                    ha: np.ndarray | None = None, hb: np.ndarray | None = None) -> np.ndarray:
        """(len(va), len(vb)) pair scores as `add` sees them before keys and time: z-scores less the
        two documents' mean hubness (computed when not given)."""
        z = self.zscores(va, la, vb, lb)
        if not self.params.normalise or self.params.hub_weight <= 0:
            return z
        ha = self.hubness(va, la) if ha is None else ha
        hb = self.hubness(vb, lb) if hb is None else hb
        return z - self.params.hub_weight * (np.asarray(ha)[:, None] + np.asarray(hb)[None, :]) / 2

    # --- keys ---------------------------------------------------------------------------------

    def idf(self, key: str) -> float:
        """How telling a shared key is: log((documents + 1) / (documents with it + 1))."""
        return math.log((self._docs + 1) / (self._df[key] + 1))

    def key_evidence(self, a: frozenset[str], b: frozenset[str]) -> float:
        """Units of evidence (capped) that two documents are about one event from the keys they share."""
        shared = a & b
        if not shared or self.params.key_weight <= 0:
            return 0.0
        return min(sum(self.idf(k) for k in shared) / self.params.key_scale, self.params.key_cap)

    def _count(self, keys: Iterable[str] | None) -> frozenset[str]:
        own = frozenset(keys or ())
        self._docs += 1
        self._df.update(own)
        return own

    # --- the stream ---------------------------------------------------------------------------

    def observe(self, vector: np.ndarray, lang: str | None, keys: Iterable[str] | None = None) -> None:
        """Learn ordinary similarity (and how common each key is) from an earlier document without
        linking to it (priming the statistics from a store's documents)."""
        vector = np.asarray(vector, dtype=np.float32)
        self._measure(vector, lang or "und")
        self._keep(vector, lang or "und")
        self._count(keys)

    def remember(self, vector: np.ndarray, hours: float, lang: str | None, story: Hashable,
                 keys: Iterable[str] | None = None) -> None:
        """A document already in `story` (stored earlier), which later documents may link to.
        Its keys are not counted again (`observe` primes the key statistics)."""
        self._forget(hours)
        vector, lang = np.asarray(vector, dtype=np.float32), lang or "und"
        hub = float(self.hubness(vector, [lang])[0])
        self._recent.append(_Recent(hours, vector, lang, story, frozenset(keys or ()), hub))

    def add(self, vector: np.ndarray, hours: float, lang: str | None, keys: Iterable[str] | None = None) -> Hashable:
        """The story of a document published at `hours` (any monotone clock in hours): a story
        remembered or given before, or a new number (0, 1, …). `keys`: language-independent keys
        (linked entity ids, document codes, numbers); shared rare keys add to a link's score."""
        vector, lang = np.asarray(vector, dtype=np.float32), lang or "und"
        own = self._count(keys)
        self._forget(hours)
        if self.params.normalise:
            self._measure(vector, lang)
        hub = float(self.hubness(vector, [lang])[0])
        best, best_story = self._best_story(vector, hours, lang, own, hub)
        self.last_score = best if best >= self.params.threshold else None
        if self.last_score is not None:
            story = best_story
        else:
            story = self.stories
            self.stories += 1
        self._recent.append(_Recent(hours, vector, lang, story, own, hub))
        self._keep(vector, lang)
        return story

    def rename(self, into: dict[Hashable, Hashable]) -> None:
        """Apply merges (merged-away story → kept story) to the recent documents, so that later
        documents join the kept story."""
        self._recent = deque(r._replace(story=_follow(into, r.story)) for r in self._recent)

    def _forget(self, hours: float) -> None:
        while self._recent and self._recent[0].hours < hours - self.params.window_hours:
            self._recent.popleft()

    def _best_story(self, vector: np.ndarray, hours: float, lang: str, own: frozenset[str],
                    hub: float) -> tuple[float, Any]:
        """(score, story) of the recent story this document scores best with; (-inf, None) if none."""
        if not self._recent:
            return -np.inf, None
        p, recent = self.params, self._recent
        scores = self.link_scores(vector[None, :], [lang], np.stack([r.vector for r in recent]),
                                  [r.lang for r in recent], np.array([hub]), np.array([r.hub for r in recent]))[0]
        if own and p.key_weight > 0:
            scores = scores + p.key_weight * np.array([self.key_evidence(own, r.keys) for r in recent])
        if p.decay_per_day and p.normalise:
            scores = scores - p.decay_per_day * (hours - np.array([r.hours for r in recent])) / 24
        return _story_scores(scores, [r.story for r in recent], p.link_k)

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


def _follow(into: dict[Hashable, Hashable], story: Hashable) -> Hashable:
    while story in into:
        story = into[story]
    return story


def _story_scores(scores: np.ndarray, stories: list[Any], k: int) -> tuple[float, Any]:
    """The best story by the mean of its (up to) k best pair scores; ties go to the earlier-seen pair."""
    top: dict[Any, list[float]] = {}
    for j in np.argsort(-scores, kind="stable"):
        got = top.setdefault(stories[j], [])
        if len(got) < k:
            got.append(float(scores[j]))
    story = max(top, key=lambda s: sum(top[s]) / len(top[s]))
    return sum(top[story]) / len(top[story]), story
