"""`newsgraph eval dates`: publication dates against gold, scored as htmldate scores itself.

Data: JSONL `{"html" or "text", "date", "url"?}`; `date` may be null (no date to find).
Per record: exact-day match → TP; any other answer → FP; no answer → FN, or TN when the
gold is null (anchors.json "dates"). A month- or year-precision answer is not a day, so it
never matches a day gold. `baseline=True` also scores htmldate alone on the same records.

HTML records go through the clean and langid stages first, as in ingestion; `docs_per_s`
times the date stage alone. `halves` scores the even- and odd-indexed records apart: the
date rules were tuned on the even half only, so the odd half shows what tuning bought.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import NewsgraphError
from ..model.document import Document
from ..pipeline.clean import clean_one
from ..pipeline.dates import find_dates
from ..pipeline.langid import detect_language
from .data import read_jsonl
from .metrics import prf

BATCH = 64  # documents per find_dates call, as the runner would batch them


def score(pred: Iterable[str | None], gold: Iterable[str | None]) -> dict[str, float | int]:
    """Accuracy and htmldate's P/R/F over paired day strings (None = no answer / no date)."""
    tp = fp = fn = tn = 0
    for p, g in zip(pred, gold, strict=True):
        if p is None:
            tn, fn = (tn + 1, fn) if g is None else (tn, fn + 1)
        elif p == g:
            tp += 1
        else:
            fp += 1
    n = tp + fp + fn + tn
    out: dict[str, float | int] = {"n": n, "accuracy": round((tp + tn) / n, 4) if n else 0.0}
    out.update(prf(tp, fp, fn))
    out["f"] = out.pop("f1")
    return out


def to_document(rec: dict[str, Any], i: int) -> Document:
    meta = {"url": rec["url"]} if rec.get("url") else {}
    if "html" in rec:
        return Document(source=f"rec-{i}", raw=rec["html"], kind="html", meta=meta)
    return Document(
        source=f"rec-{i}", raw=rec["text"], kind="text", meta=meta, text=rec["text"], lang=rec.get("lang")
    )


def prepare(docs: list[Document], settings: Settings) -> list[Document]:
    """HTML documents as ingestion hands them to the date stage: cleaned, language set."""
    pages = [d for d in docs if d.kind == "html"]
    for doc in pages:
        try:
            clean_one(doc, settings)
        except NewsgraphError:  # nothing left after cleaning: the date stage still sees the raw page
            doc.text = ""
    detect_language(pages, settings)
    return docs


def day_of(doc: Document) -> str | None:
    """The answer as stored; a month or year answer ("2023-12") can never equal a day gold."""
    return doc.published.date if doc.published else None


def predict(docs: list[Document], settings: Settings, now: datetime) -> tuple[list[str | None], float]:
    """Our stage over the documents in batches; returns the answers and the stage's seconds."""
    start = time.perf_counter()
    for i in range(0, len(docs), BATCH):
        find_dates(docs[i : i + BATCH], settings, now=now)
    return [day_of(d) for d in docs], time.perf_counter() - start


def htmldate_alone(records: list[dict[str, Any]]) -> tuple[list[str | None], float]:
    from htmldate import find_date

    start = time.perf_counter()
    out: list[str | None] = []
    for rec in records:
        try:
            out.append(find_date(rec["html"], original_date=True) if "html" in rec else None)
        except Exception:
            out.append(None)
    return out, time.perf_counter() - start


def run(
    path: str | Path, settings: Settings, limit: int | None = None, baseline: bool = False
) -> dict[str, Any]:
    """Score our date stage on a labelled file; with `baseline`, htmldate alone beside it."""
    records = list(read_jsonl(path, limit))
    gold = [r.get("date") for r in records]
    docs = prepare([to_document(r, i) for i, r in enumerate(records)], settings)
    now = datetime.now(UTC)
    pred, seconds = predict(docs, settings, now)
    result: dict[str, Any] = score(pred, gold)
    result["docs_per_s"] = round(len(docs) / seconds, 1) if seconds else 0.0
    result["halves"] = {
        "even": score(pred[0::2], gold[0::2])["accuracy"],
        "odd": score(pred[1::2], gold[1::2])["accuracy"],
    }
    result["by_source"] = _by_source(docs, gold)
    if baseline:
        base, base_s = htmldate_alone(records)
        result["baseline_htmldate"] = {
            **score(base, gold),
            "docs_per_s": round(len(records) / base_s, 1) if base_s else 0.0,
        }
    return result


def _by_source(docs: list[Document], gold: list[str | None]) -> dict[str, dict[str, float | int]]:
    """Accuracy per winning link: which link of the chain earns or loses points."""
    groups: dict[str, tuple[list[str | None], list[str | None]]] = {}
    for doc, g in zip(docs, gold, strict=True):
        key = doc.published.source if doc.published else "none"
        preds, golds = groups.setdefault(key, ([], []))
        preds.append(day_of(doc))
        golds.append(g)
    return {k: {"n": len(p), "accuracy": score(p, g)["accuracy"]} for k, (p, g) in sorted(groups.items())}
