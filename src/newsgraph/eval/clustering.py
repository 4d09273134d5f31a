"""`newsgraph eval clustering --data FILE`: online story clustering against gold clusters.

Data: JSONL `{"id","lang","title","text"?,"date","cluster"}` (OG2021 in bench/). The documents
are read as a stream in date order, as live ingestion would see them, and the labels are only
read for scoring. Each document is its title (and the start of its text when there is one),
embedded with the configured encoder ("query:", symmetric task); its keys (linked entity ids and
document codes) come from ingesting the records into a scratch store with the configured stages. It
is given a story by `stories.OnlineClusterer`, and after each day's documents the stories of that
day and the clusterer's window before it are repaired (`stories.plan_repairs`, merges applied), as
the store repairs after each run. Prints `n`, BCubed precision/recall/F1, pairwise precision/recall/F1,
`clusters_pred`, `clusters_gold`, `by_lang` (BCubed F1 of each language's documents, scored against
their own gold clusters), `cross_lingual` (pairwise recall over gold pairs of two languages),
`method` and `docs_per_s` (embedding included).

`--baseline`: raw cosine single link, 72 h window, threshold 0.91 (the best raw threshold on the
OG2021 dev file), no keys, no repair, i.e. what the encoder alone gives.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Hashable
from datetime import datetime
from pathlib import Path
from typing import Any

from ..config import Settings
from ..embed import MemoryCache, embed_texts, get_encoder
from ..stories import OnlineClusterer, StoryParams
from ..stories.repair import RepairDoc, RepairParams, plan_repairs
from .data import read_jsonl
from .metrics import clustering_scores

LEAD_WORDS = 60
BASELINE = StoryParams(threshold=0.91, window_hours=72.0, normalise=False, key_weight=0.0, hub_weight=0.0, link_k=1,
                       decay_per_day=0.0)


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


def _cluster(vectors: Any, hours: list[float], langs: list[str], keys: list[frozenset[str]], params: StoryParams,
             repair: RepairParams | None) -> tuple[list[Hashable], int]:
    """Online assignment in date order; with `repair`, after each day (as the store repairs after each
    run) the stories of that day and the clusterer's window before it are repaired and the planned
    merges applied (merged away → kept), to the stories given so far and to the clusterer's memory."""
    clusterer = OnlineClusterer(params)
    pred: list[Hashable] = []
    into: dict[Hashable, Hashable] = {}
    merges = 0
    for i, (v, h, lang, k) in enumerate(zip(vectors, hours, langs, keys, strict=True)):
        pred.append(clusterer.add(v, h, lang, k))
        day_over = i + 1 == len(hours) or hours[i + 1] // 24 > h // 24
        if repair is None or not day_over:
            continue
        since = (h // 24) * 24 - params.window_hours
        lo = next(j for j in range(len(hours)) if hours[j] >= since)
        docs = [RepairDoc(j, _follow(into, pred[j]), vectors[j], hours[j], langs[j], keys[j]) for j in range(lo, i + 1)]
        for r in plan_repairs(docs, clusterer, repair):
            into[r.stories[1]] = r.stories[0]
            merges += 1
        clusterer.rename(into)
    return [_follow(into, p) for p in pred], merges


def _follow(into: dict[Hashable, Hashable], story: Hashable) -> Hashable:
    while story in into:
        story = into[story]
    return story


def _method(encoder: str, params: StoryParams, merges: int, baseline: bool) -> str:
    if baseline:
        return f"{encoder} single link, {params.window_hours:g} h window, cosine ≥ {params.threshold:g}"
    repair = RepairParams()
    return (f"{encoder}: z per language pair less {params.hub_weight:g} × hubness, + shared-key IDF (≤ "
            f"{params.key_weight * params.key_cap:g}), − {params.decay_per_day:g}/day; story score = mean of the "
            f"{params.link_k} best links ≥ {params.threshold:g} within {params.window_hours:g} h; daily average-link "
            f"merge repair ≥ {repair.threshold:g} within {repair.window_hours:g} h ({merges} merges)")


def run(path: str | Path, settings: Settings, limit: int | None = None, baseline: bool = False) -> dict:
    records = sorted(read_jsonl(path, limit=limit), key=lambda r: (r["date"], str(r.get("id"))))
    encoder = get_encoder(settings.embed.model, settings.embed.threads)
    params = BASELINE if baseline else StoryParams()
    start = time.perf_counter()
    vectors = embed_texts([_text(r) for r in records], encoder, "query", MemoryCache(), settings.embed.batch_size)
    keys = [frozenset()] * len(records) if baseline else _keys(records, settings)
    langs = [str(r.get("lang") or "und") for r in records]
    stories, merges = _cluster(vectors, [_hours(r["date"]) for r in records], langs, keys, params,
                               None if baseline else RepairParams())
    pred = [str(p) for p in stories]
    elapsed = time.perf_counter() - start
    gold = [str(r["cluster"]) for r in records]
    result: dict[str, Any] = {"n": len(records), **clustering_scores(gold, pred),
                              "clusters_pred": len(set(pred)), "clusters_gold": len(set(gold)),
                              "by_lang": _by_lang(gold, pred, langs),
                              "cross_lingual": _cross_lingual_recall(gold, pred, langs)}
    result["method"] = _method(encoder.name, params, merges, baseline)
    result.update({"docs_per_s": round(len(records) / elapsed, 1) if elapsed else 0.0})
    return result
