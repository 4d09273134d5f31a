"""`newsgraph eval clustering --data FILE`: online story clustering against gold clusters.

Data: JSONL `{"id","lang","title","text"?,"date","cluster"}` (OG2021 in bench/). The documents
are read as a stream in date order, as live ingestion would see them, and the labels are only
read for scoring. Each document is its title (and the start of its text when there is one),
embedded with the configured encoder ("query:", symmetric task), and given a story by
`stories.OnlineClusterer`. Prints `n`, BCubed precision/recall/F1, pairwise precision/recall/F1,
`clusters_pred`, `clusters_gold`, `by_lang` (BCubed F1 of each language's documents, scored against
their own gold clusters), `cross_lingual` (pairwise recall over gold pairs of two languages),
`method` and `docs_per_s` (embedding included).

`--baseline`: raw cosine single link, 72 h window, threshold 0.91 (the best raw threshold on the
OG2021 dev file), i.e. what the encoder alone gives.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

from ..config import Settings
from ..embed import MemoryCache, embed_texts, get_encoder
from ..stories import OnlineClusterer, StoryParams
from ..stories.repair import RepairDoc, plan_repairs
from .data import read_jsonl
from .metrics import clustering_scores

LEAD_WORDS = 60
BASELINE = StoryParams(threshold=0.91, window_hours=72.0, normalise=False)


def _hours(date: str) -> float:
    return datetime.fromisoformat(date.replace("Z", "+00:00")).timestamp() / 3600


def _text(r: dict[str, Any]) -> str:
    lead = " ".join(str(r.get("text") or "").split()[:LEAD_WORDS])
    return f"{r.get('title') or ''}\n{lead}".strip()


def _by_lang(gold: list[str], pred: list[str], langs: list[str]) -> dict[str, float]:
    out = {}
    for lang in sorted(set(langs)):
        idx = [i for i, x in enumerate(langs) if x == lang]
        out[lang] = clustering_scores([gold[i] for i in idx], [pred[i] for i in idx])["bcubed_f1"]
    return out


def _cross_lingual_recall(gold: list[str], pred: list[str], langs: list[str]) -> dict[str, Any]:
    """Of the gold pairs whose two documents are in different languages, the share put together."""
    members: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        members[g].append(i)
    total = hit = 0
    for idx in members.values():
        by_lang = Counter(langs[i] for i in idx)
        total += (len(idx) ** 2 - sum(c * c for c in by_lang.values())) // 2
        joint = Counter((langs[i], pred[i]) for i in idx)
        per_pred = Counter(pred[i] for i in idx)
        hit += (sum(c * c for c in per_pred.values()) - sum(c * c for c in joint.values())) // 2
    return {"gold_pairs": total, "recall": round(hit / total, 4) if total else 0.0}


def _keys(records: list[dict[str, Any]], settings: Settings) -> list[frozenset[str]]:
    """Each record's language-independent keys (linked entities, document codes), found the way the
    store finds them: its title and text ingested with the configured stages into a scratch store."""
    import json
    import tempfile

    from ..api import Newsgraph
    from ..stories.assign import document_keys

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "records.jsonl"
        with data.open("w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps({"title": r.get("title") or "", "text": _text(r), "date": r.get("date"),
                                    "lang": r.get("lang")}, ensure_ascii=False) + "\n")
        with Newsgraph.open(str(Path(tmp) / "k.db"), settings) as ng:
            ng.ingest([str(data)])
            rows = ng.store.con.execute("SELECT rowid, source FROM documents").fetchall()
            keys = document_keys(ng.store.con, [r[0] for r in rows])
    by_line = {int(src.rsplit("line-", 1)[1]): keys[rowid] for rowid, src in rows}
    return [by_line.get(i + 1, frozenset()) for i in range(len(records))]


def _repair(pred: list[str], vectors: Any, records: list[dict[str, Any]], keys: list[frozenset[str]],
            clusterer: OnlineClusterer) -> tuple[list[str], int]:
    """Merge repair over the whole stream, applied as the store applies it (merged away → kept)."""
    docs = [RepairDoc(i, p, v, _hours(r["date"]), str(r.get("lang") or "und"), k)
            for i, (p, v, r, k) in enumerate(zip(pred, vectors, records, keys, strict=True))]
    plan = plan_repairs(docs, clusterer)
    into: dict[str, str] = {}
    for r in plan:
        kept, gone = (str(s) for s in r.stories)
        into[gone] = kept

    def final(s: str) -> str:
        while s in into:
            s = into[s]
        return s

    return [final(p) for p in pred], len(plan)


def run(path: str | Path, settings: Settings, limit: int | None = None, baseline: bool = False) -> dict:
    records = sorted(read_jsonl(path, limit=limit), key=lambda r: (r["date"], str(r.get("id"))))
    encoder = get_encoder(settings.embed.model, settings.embed.threads)
    params = BASELINE if baseline else StoryParams()
    start = time.perf_counter()
    vectors = embed_texts([_text(r) for r in records], encoder, "query", MemoryCache(), settings.embed.batch_size)
    keys = [frozenset()] * len(records) if baseline else _keys(records, settings)
    clusterer = OnlineClusterer(params)
    pred = [str(clusterer.add(v, _hours(r["date"]), r.get("lang"), k))
            for v, r, k in zip(vectors, records, keys, strict=True)]
    merges = 0
    if not baseline:
        pred, merges = _repair(pred, vectors, records, keys, clusterer)
    elapsed = time.perf_counter() - start
    gold = [str(r["cluster"]) for r in records]
    langs = [str(r.get("lang") or "und") for r in records]
    result: dict[str, Any] = {"n": len(records), **clustering_scores(gold, pred),
                              "clusters_pred": len(set(pred)), "clusters_gold": len(set(gold)),
                              "by_lang": _by_lang(gold, pred, langs),
                              "cross_lingual": _cross_lingual_recall(gold, pred, langs)}
    method = (f"{encoder.name} single link, {params.window_hours:g} h window, "
              + (f"z per language pair ≥ {params.threshold:g}" if params.normalise else f"cosine ≥ {params.threshold:g}"))
    if not baseline:
        method += (f", shared entity/document keys (weight {params.key_weight:g}), then average-link merge repair "
                   f"({merges} merges)")
    result.update({"method": method, "docs_per_s": round(len(records) / elapsed, 1) if elapsed else 0.0})
    return result
