"""`newsgraph eval langid --data FILE`: accuracy of `pipeline.langid.identify` on labelled text.

Data: JSONL `{"text", "lang"}` (ISO 639-1), optionally `"kind"` (sentence / word / word_pair,
as in bench/langid). Prints `n`, `accuracy`, `by_lang`, and `by_kind` + `by_kind_lang`
when kinds are given, and `docs_per_s` (model loading included: it is paid once per process).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from ..config import Settings
from ..pipeline.langid import identify
from .data import read_jsonl


def _accuracy(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 0.0


def _grouped(keys: Sequence[str], correct: Sequence[bool]) -> dict[str, float]:
    hits: dict[str, int] = defaultdict(int)
    totals: dict[str, int] = defaultdict(int)
    for key, ok in zip(keys, correct, strict=True):
        totals[key] += 1
        hits[key] += ok
    return {key: _accuracy(hits[key], totals[key]) for key in sorted(totals)}


def score(pred: Sequence[str | None], gold: Sequence[str], kinds: Sequence[str | None] | None = None) -> dict:
    """Accuracy overall, per gold language and, when kinds are given, per kind and kind × language."""
    correct = [p == g for p, g in zip(pred, gold, strict=True)]
    out: dict = {"n": len(gold), "accuracy": _accuracy(sum(correct), len(gold)), "by_lang": _grouped(gold, correct)}
    if kinds and any(kinds):
        named = [k or "unknown" for k in kinds]
        out["by_kind"] = _grouped(named, correct)
        out["by_kind_lang"] = {
            kind: _grouped([g for g, k in zip(gold, named, strict=True) if k == kind],
                           [c for c, k in zip(correct, named, strict=True) if k == kind])
            for kind in sorted(set(named))
        }
    return out


def run(path: str | Path, settings: Settings, limit: int | None = None) -> dict:
    """Score every record of a JSONL file; `limit` reads only the first records."""
    records = list(read_jsonl(path, limit=limit))
    start = time.perf_counter()
    pred = [identify(r["text"], settings)[0] for r in records]
    elapsed = time.perf_counter() - start
    result = score(pred, [r["lang"] for r in records], [r.get("kind") for r in records])
    result["docs_per_s"] = round(len(records) / elapsed, 1) if elapsed else 0.0
    return result
