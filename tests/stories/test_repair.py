"""Merge repair on known vectors: two halves of one story come together, unrelated stories stay apart,
the older story's id is kept, and nothing merges across a long gap in time."""

from __future__ import annotations

import numpy as np

from newsgraph.stories import OnlineClusterer, StoryParams
from newsgraph.stories.repair import RepairDoc, RepairParams, plan_repairs


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def _clusterer(rng: np.random.Generator, dim: int) -> OnlineClusterer:
    oc = OnlineClusterer(StoryParams())
    for _ in range(400):  # ordinary similarity: random documents
        oc.observe(_unit(rng.normal(size=dim)), "en")
    return oc


def _event(rng, centre, n, story, start_hours, tag):
    return [RepairDoc(f"{tag}{i}", story, _unit(centre + 0.35 * rng.normal(size=len(centre))), start_hours + i, "en")
            for i in range(n)]


def test_two_halves_of_one_event_merge_and_the_older_id_is_kept():
    rng = np.random.default_rng(3)
    dim = 48
    oc = _clusterer(rng, dim)
    event, other = rng.normal(size=dim), rng.normal(size=dim)
    docs = (_event(rng, event, 5, "st-late", 10, "b") + _event(rng, event, 5, "st-early", 0, "a")
            + _event(rng, other, 5, "st-other", 2, "c"))
    plan = plan_repairs(docs, oc)
    assert [(r.action, r.stories) for r in plan] == [("merge", ("st-early", "st-late"))]
    assert plan[0].score >= RepairParams().threshold and "average link" in plan[0].reason


def test_nothing_merges_across_a_long_gap_or_without_a_second_story():
    rng = np.random.default_rng(4)
    dim = 48
    oc = _clusterer(rng, dim)
    event = rng.normal(size=dim)
    far = _event(rng, event, 4, "st-a", 0, "a") + _event(rng, event, 4, "st-b", 500, "b")
    assert plan_repairs(far, oc) == []  # the same content, three weeks apart: two stories
    assert plan_repairs(_event(rng, event, 4, "st-a", 0, "a"), oc) == []
