"""Main-text extraction scores: our `clean` stage on kind="html" Documents, or plain trafilatura.

Two record formats (see bench/README.md §5), scored as their own benchmarks score them:

- `{"html", "text"}`: ScrapingHub article-extraction-benchmark. Per document, 4-grams of `\\w+`
  tokens are counted in gold and prediction; tp/fp/fn come from the count overlap and are
  normalised per document. Precision is the mean over documents with tp+fp > 0, recall the mean
  over documents with tp+fn > 0, F1 the harmonic mean of the two means. Accuracy: the token
  sequences are identical.
- `{"html", "with", "without"}`: trafilatura's evaluation. Whitespace-normalised substring
  matching; each `with` snippet found is a TP (else FN), each `without` found is a FP (else TN).
  P, R and accuracy over the corpus, F1 = 2TP / (2TP + FP + FN).

`run(..., baseline=True)` scores `trafilatura.extract(html, favor_precision=True)` instead, so
BENCHMARKS.md can put both side by side from one runner.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import InputError
from ..model.document import Document
from .data import read_jsonl

SHINGLE_N = 4  # ScrapingHub's evaluate.py scores 4-token shingles
TOKEN_RE = re.compile(r"\w+")

Extractor = Callable[[str], str]


# -- extractors ----------------------------------------------------------------------------
def ours(settings: Settings) -> Extractor:
    """The ingestion code path: a kind="html" Document through the clean stage."""
    from ..pipeline.clean import clean

    def extract(html: str) -> str:
        doc = Document(source="eval", raw=html, kind="html")
        try:
            return clean([doc], settings)[0].text
        except InputError:  # EmptyInput: nothing extracted
            return ""

    return extract


def trafilatura_precision(html: str) -> str:
    """The reference we compare against: trafilatura with favor_precision, default options."""
    import trafilatura

    return trafilatura.extract(html, favor_precision=True) or ""


# -- scoring: ScrapingHub shingles --------------------------------------------------------
def tokens(text: str | None) -> list[str]:
    return TOKEN_RE.findall(text or "")


def shingles(text: str | None, n: int = SHINGLE_N) -> Counter[tuple[str, ...]]:
    """n-grams of tokens; a text shorter than n is one shingle of all its tokens (as evaluate.py)."""
    toks = tokens(text)
    out: Counter[tuple[str, ...]] = Counter()
    for i in range(max(1, len(toks) - n + 1)):
        gram = tuple(toks[i : i + n])
        if gram:
            out[gram] += 1
    return out


def shingle_counts(gold: str | None, pred: str | None) -> tuple[float, float, float]:
    """(tp, fp, fn) for one document, normalised to sum to 1 (0,0,0 when both are empty)."""
    g, p = shingles(gold), shingles(pred)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score_shingles(pairs: Iterable[tuple[str | None, str | None]]) -> dict[str, Any]:
    """Score (gold, pred) pairs as the article-extraction-benchmark does."""
    precisions: list[float] = []
    recalls: list[float] = []
    exact = n = 0
    for gold, pred in pairs:
        n += 1
        tp, fp, fn = shingle_counts(gold, pred)
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(tp / (tp + fn))
        exact += tokens(gold) == tokens(pred)
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"n": n, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "accuracy": round(exact / n, 4) if n else 0.0}


# -- scoring: trafilatura snippets --------------------------------------------------------
def _ws(text: str) -> str:
    return " ".join(text.split())


def snippet_counts(pred: str | None, with_: list[str], without: list[str]) -> tuple[int, int, int, int]:
    """(tp, fn, fp, tn) for one page: which must-contain / must-not-contain snippets are in `pred`."""
    found = _ws(pred or "")
    tp = sum(1 for s in with_ if _ws(s) in found)
    fp = sum(1 for s in without if _ws(s) in found)
    return tp, len(with_) - tp, fp, len(without) - fp


def score_snippets(items: Iterable[tuple[str | None, list[str], list[str]]]) -> dict[str, Any]:
    """Score (pred, with, without) triples as trafilatura's eval_common does, over the corpus."""
    tp = fn = fp = tn = n = 0
    for pred, with_, without in items:
        n += 1
        a, b, c, d = snippet_counts(pred, with_, without)
        tp, fn, fp, tn = tp + a, fn + b, fp + c, tn + d
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    acc = (tp + tn) / (tp + tn + fp + fn) if tp + tn + fp + fn else 0.0
    f = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return {"n": n, "precision": round(p, 4), "recall": round(r, 4), "accuracy": round(acc, 4),
            "f1": round(f, 4)}


# -- runner ---------------------------------------------------------------------------------
def _is_snippet_record(rec: dict[str, Any]) -> bool:
    return rec.get("with") is not None or rec.get("without") is not None


def score(records: list[dict[str, Any]], preds: list[str]) -> dict[str, Any]:
    """Pure scoring of predictions against records; the format is read from each record.

    A file mixing both formats scores each part on its own (`by_format`); the top-level
    figures are those of the larger part.
    """
    snip = [(p, r.get("with") or [], r.get("without") or []) for r, p in zip(records, preds, strict=True)
            if _is_snippet_record(r)]
    shing = [(r.get("text"), p) for r, p in zip(records, preds, strict=True) if not _is_snippet_record(r)]
    parts = {}
    if snip:
        parts["snippets"] = score_snippets(snip)
    if shing:
        parts["shingles"] = score_shingles(shing)
    if not parts:
        return {"n": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    main = max(parts.values(), key=lambda d: d["n"])
    out = {**main, "n": len(records)}
    if len(parts) > 1:
        out["by_format"] = parts
    return out


def run(path: str | Path, settings: Settings, limit: int | None = None, baseline: bool = False) -> dict[str, Any]:
    """Extract every record's HTML and score it; prints nothing (the CLI prints the JSON line)."""
    extract = trafilatura_precision if baseline else ours(settings)
    records: list[dict[str, Any]] = []
    preds: list[str] = []
    started = time.perf_counter()
    for rec in read_jsonl(path, limit=limit):
        preds.append(extract(rec.get("html") or ""))
        records.append({k: rec.get(k) for k in ("text", "with", "without")})  # drop the HTML early
    elapsed = time.perf_counter() - started
    out = score(records, preds)
    out["extractor"] = "trafilatura.favor_precision" if baseline else "newsgraph.clean"
    out["docs_per_s"] = round(len(records) / elapsed, 2) if elapsed > 0 else 0.0
    return out
