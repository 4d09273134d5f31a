"""Metrics shared by the eval tasks and the benchmarks (one runner, no drift)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def clustering_scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    """BCubed precision/recall/F1 (Bagga & Baldwin 1998: per item, the share of its predicted
    cluster that shares its gold cluster, and the reverse; averaged over items) and pairwise
    precision/recall/F1 over all item pairs (same cluster in gold vs in the prediction)."""
    joint = Counter(zip(gold, pred, strict=True))
    by_gold, by_pred = Counter(gold), Counter(pred)
    n = len(gold)
    if not n:
        return {"bcubed_precision": 0.0, "bcubed_recall": 0.0, "bcubed_f1": 0.0, "pairwise_precision": 0.0,
                "pairwise_recall": 0.0, "pairwise_f1": 0.0}
    # each item of cell (g, p) sees joint[g, p] of its predicted cluster's by_pred[p] items in its gold cluster
    bp = sum(c * c / by_pred[p] for (g, p), c in joint.items()) / n
    br = sum(c * c / by_gold[g] for (g, p), c in joint.items()) / n
    tp = sum(_pairs(c) for c in joint.values())
    pair = prf(tp, sum(_pairs(c) for c in by_pred.values()) - tp, sum(_pairs(c) for c in by_gold.values()) - tp)
    return {"bcubed_precision": round(bp, 4), "bcubed_recall": round(br, 4),
            "bcubed_f1": round(2 * bp * br / (bp + br), 4) if bp + br else 0.0,
            "pairwise_precision": pair["precision"], "pairwise_recall": pair["recall"], "pairwise_f1": pair["f1"]}
