"""Search quality by passage length: does embedding more of each article find its story in other
languages better? On the bundled sample corpus (written by the team; 13 stories in 2–7 languages).

    python -m benchmarks.passage_quality --words 32 64 96 128 256

For each document with a title, its title is the query ("query:", as `newsgraph search` embeds
queries) and every other document is a candidate, represented as `newsgraph embed` represents it
(title + the first N words, "passage:"). Relevant: the documents of the same MANIFEST story in
another language. Prints one JSON line per N: mean average precision, recall@5 and MRR of the
first relevant document, over the queries that have a relevant document. 60-odd documents: read
differences under ≈ 0.02 as noise."""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np

import newsgraph
from newsgraph.embed import MemoryCache, embed_texts, get_encoder
from newsgraph.embed.documents import passages
from newsgraph.fixtures import sample_config, sample_corpus, sample_stories

FOLDERS = ("txt", "html", "feeds", "tabular", "archives", "encodings", "near-duplicates")


def load_documents() -> list[dict]:
    """The sample corpus as the store holds it (clean text, title, language), with its story."""
    story_of = sample_stories()
    with tempfile.TemporaryDirectory() as tmp:
        settings = newsgraph.load_settings(config_file=sample_config(), environ={})
        with newsgraph.open(str(Path(tmp) / "q.db"), settings) as ng:
            ng.ingest([str(sample_corpus() / f) for f in FOLDERS])
            docs = list(ng.iter_documents())
    for d in docs:
        d["story"] = story_of.get(d["source"].split("corpus/", 1)[-1])
    return docs


def scores(docs: list[dict], sims: np.ndarray) -> dict[str, float]:
    aps, r5, rr = [], [], []
    for i, d in enumerate(docs):
        rel = {j for j, o in enumerate(docs) if j != i and o["story"] and o["story"] == d["story"] and o["lang"] != d["lang"]}
        if not d["title"] or not rel:
            continue
        order = [j for j in np.argsort(-sims[i]) if j != i]
        hits = [k for k, j in enumerate(order, 1) if j in rel]
        aps.append(float(np.mean([(n + 1) / k for n, k in enumerate(hits)])))
        r5.append(len([k for k in hits if k <= 5]) / min(5, len(rel)))
        rr.append(1 / hits[0])
    return {"queries": len(aps), "map": round(float(np.mean(aps)), 4), "recall_at_5": round(float(np.mean(r5)), 4),
            "mrr": round(float(np.mean(rr)), 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--words", type=int, nargs="+", default=[32, 64, 96, 128, 256])
    ap.add_argument("--model", default="e5-small.v1")
    args = ap.parse_args()
    docs = load_documents()
    encoder = get_encoder(args.model, 0)
    cache = MemoryCache()
    queries = embed_texts([d["title"] or "" for d in docs], encoder, "query", cache)
    for words in args.words:
        texts = [(passages(d["title"], d["text"], words, 1) or [(0, 0, d["title"] or "")])[0][2] for d in docs]
        vecs = embed_texts(texts, encoder, "passage", cache)
        print(json.dumps({"words": words, "documents": len(docs), **scores(docs, queries @ vecs.T)}), flush=True)


if __name__ == "__main__":
    main()
