"""Merge repair: stories that online assignment left apart but whose documents, taken together,
are as similar as documents of one story are.

Online single link decides once, from one document's best link. Two halves of an event stay
apart when they started in different languages at once, when a late arrival opened its own story,
or when no single pair of their documents linked strongly enough. Looking at whole stories, the
average of all their normalised document similarities within a time window (average link) says
more than any one pair. A pair is scored as online assignment scores it before time decay (z per
language pair less hubness, plus shared-key evidence). Stories are merged greedily, best pair first,
while that average stays at or above `threshold`; merged stories are compared again as one.
On OG2021 dev (thresholds chosen there) this adds +0.007 BCubed F1 applied once a day over the day
and the window before it, with pairwise F1 unchanged (0.47); lower thresholds merge more and lose
precision faster than they gain recall.

Splits: not proposed. Online assignment scores a story by the mean of a document's best links to
it, which already keeps single chance links from chaining events. A split check measured on OG2021
dev (split a story into the connected parts of its member graph, pairs within 24 h with a score of
at least 1.0–2.0, parts of 3–5 documents or more) changed BCubed F1 by at most +0.0005, so
`plan_repairs` returns merges only.

Pure functions over documents and a clusterer (whose language-pair statistics normalise the
similarities); `upkeep.py` applies the plan to the store, `eval/clustering.py` to OG2021.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from .online import OnlineClusterer


@dataclass(frozen=True)
class RepairDoc:
    key: Hashable
    story: Hashable
    vector: np.ndarray
    hours: float
    lang: str
    keys: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Repair:
    action: str  # "merge" | "split"
    stories: tuple  # merge: (kept, merged_away): kept is the story whose first document is older
    docs: tuple  # split: the documents that leave to a new story; merge: ()
    score: float
    reason: str


@dataclass(frozen=True)
class RepairParams:
    threshold: float = 1.75  # average pair score (as online assignment scores pairs) of two stories to merge them
    window_hours: float = 24.0  # only document pairs this close in time are averaged
    block: int = 1024  # documents compared at once while looking for candidate pairs
    keys: bool = True  # shared keys add to a document pair's score as in online assignment


class _Stories:
    """Union-find over stories, with members and a version that changes on every merge."""

    def __init__(self, docs: Sequence[RepairDoc]) -> None:
        self.parent: dict[Hashable, Hashable] = {}
        self.members: dict[Hashable, list[int]] = {}
        for i, d in enumerate(docs):
            self.parent.setdefault(d.story, d.story)
            self.members.setdefault(d.story, []).append(i)
        self.version = dict.fromkeys(self.members, 0)

    def root(self, s: Hashable) -> Hashable:
        while self.parent[s] != s:
            self.parent[s] = self.parent[self.parent[s]]
            s = self.parent[s]
        return s

    def merge(self, kept: Hashable, gone: Hashable) -> None:
        self.parent[gone] = kept
        self.members[kept] += self.members.pop(gone)
        self.version[kept] += 1


def plan_repairs(docs: Sequence[RepairDoc], clusterer: OnlineClusterer,
                 params: RepairParams | None = None) -> list[Repair]:
    """The merges, in the order they should be applied."""
    p = params or RepairParams()
    docs = sorted(docs, key=lambda d: d.hours)
    if len({d.story for d in docs}) < 2:
        return []
    vecs = np.stack([np.asarray(d.vector, dtype=np.float32) for d in docs])
    hours = np.array([d.hours for d in docs])
    langs = [d.lang or "und" for d in docs]
    hubs = clusterer.hubness(vecs, langs)
    stories = _Stories(docs)

    def link(a: Hashable, b: Hashable) -> tuple[float, int]:
        ia, ib = stories.members[a], stories.members[b]
        near = np.abs(hours[ia][:, None] - hours[ib][None, :]) <= p.window_hours
        if not near.any():
            return -np.inf, 0
        z = clusterer.link_scores(vecs[ia], [langs[i] for i in ia], vecs[ib], [langs[i] for i in ib], hubs[ia], hubs[ib])
        if p.keys and clusterer.params.key_weight > 0:
            z = z + clusterer.params.key_weight * np.array(
                [[clusterer.key_evidence(docs[i].keys, docs[j].keys) for j in ib] for i in ia]).reshape(z.shape)
        return float(z[near].mean()), int(near.sum())

    heap: list[tuple[float, int, int, Hashable, Hashable, int]] = []  # (-score, pairs, tiebreak, a, b, stamp)
    tick = 0
    for a, b in sorted(_candidates(docs, vecs, hours, langs, hubs, clusterer, p), key=str):
        score, pairs = link(a, b)
        if score >= p.threshold:
            tick += 1
            heap.append((-score, pairs, tick, a, b, 0))
    heapq.heapify(heap)
    plan: list[Repair] = []
    first = {s: float(hours[m].min()) for s, m in stories.members.items()}
    while heap:
        neg, pairs, _, a, b, stamp = heapq.heappop(heap)
        ra, rb = stories.root(a), stories.root(b)
        if ra == rb:
            continue
        if (ra, rb) != (a, b) or stamp != stories.version[ra] + stories.version[rb]:
            score, pairs = link(ra, rb)  # a side grew or was merged away: score the stories as they are now
            if score >= p.threshold:
                tick += 1
                heapq.heappush(heap, (-score, pairs, tick, ra, rb, stories.version[ra] + stories.version[rb]))
            continue
        kept, gone = (ra, rb) if (first[ra], str(ra)) <= (first[rb], str(rb)) else (rb, ra)
        plan.append(Repair("merge", (kept, gone), (), -neg,
                           f"average link z {-neg:.2f} over {pairs} document pairs within {p.window_hours:g} h"))
        first[kept] = min(first[kept], first[gone])
        stories.merge(kept, gone)
    return plan


def _candidates(docs: Sequence[RepairDoc], vecs: np.ndarray, hours: np.ndarray, langs: list[str], hubs: np.ndarray,
                clusterer: OnlineClusterer, p: RepairParams) -> set[tuple[Hashable, Hashable]]:
    """Story pairs with at least one document pair at or above the threshold within the window: the
    only pairs whose average can reach it (an average is never above its largest term)."""
    out: set[tuple[Hashable, Hashable]] = set()
    story = [d.story for d in docs]
    for start in range(0, len(docs), p.block):
        end = min(len(docs), start + p.block)
        lo = int(np.searchsorted(hours, hours[start] - p.window_hours, side="left"))
        z = clusterer.link_scores(vecs[start:end], langs[start:end], vecs[lo:end], langs[lo:end],
                                  hubs[start:end], hubs[lo:end])
        z = z + (clusterer.params.key_weight * clusterer.params.key_cap if p.keys else 0.0)  # keys add at most this
        near = np.abs(hours[start:end][:, None] - hours[lo:end][None, :]) <= p.window_hours
        for i, j in np.argwhere((z >= p.threshold) & near):
            a, b = story[start + i], story[lo + j]
            if a != b:
                out.add((a, b) if str(a) <= str(b) else (b, a))
    return out
