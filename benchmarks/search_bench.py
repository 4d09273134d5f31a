"""Search latency (p50/p95) on a stored corpus, through the library call the CLI uses.

Queries are sampled from the store's own vocabulary (1–3 words, some phrases and prefixes),
with and without language/date filters. Each is run once cold, then timed. `--mode` picks
keyword, semantic or hybrid (the query is embedded each time: query encoding is timed too).

    python -m benchmarks.search_bench --db /tmp/bench/bench100000-w0.db --queries 300
    python -m benchmarks.search_bench --db ... --mode hybrid --synthetic-vectors

`--synthetic-vectors`: give every document without a vector a random unit vector (seeded) instead
of embedding it (100k real passages would take hours on 2 cores). Exact KNN costs the same for any
vectors, so latency is measured truly; the hits' relevance means nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time

import numpy as np

import newsgraph
from newsgraph.embed import get_encoder
from newsgraph.store import Filters


def vocabulary(ng, k: int = 2000) -> list[str]:
    rows = ng.store.con.execute("SELECT text FROM documents ORDER BY random() LIMIT 200").fetchall()
    words = [w for (t,) in rows for w in t.split() if w.isalpha() and len(w) > 3]
    random.Random(1).shuffle(words)
    return words[:k]


def queries(words: list[str], n: int) -> list[tuple[str, Filters]]:
    rng = random.Random(2)
    out = []
    for i in range(n):
        ws = rng.sample(words, rng.choice([1, 1, 2, 3]))
        q = " ".join(ws)
        if i % 5 == 1:
            q = f'"{q}"'
        elif i % 5 == 2:
            q = ws[0][:4] + "*"
        f = Filters(lang=("en",)) if i % 4 == 3 else Filters(since="2024-01", until="2024-06") if i % 4 == 2 else Filters()
        out.append((q, f))
    return out


def fill_synthetic(ng, batch: int = 5000) -> int:
    """Random unit vectors for every document that has none of the configured model (see above)."""
    model = ng.settings.embed.model
    dim = get_encoder(model).dim
    rng = np.random.default_rng(3)
    filled = 0
    while rows := ng.store.vectors.pending(model, 0, batch):
        vecs = rng.normal(size=(len(rows), dim)).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        keys = [f"synthetic:{r[0]}" for r in rows]
        ng.store.vectors.write(model, [(r[0], 0, 0, min(len(r[2] or ""), 1), k) for r, k in zip(rows, keys, strict=True)],
                               dict(zip(keys, vecs, strict=True)))
        filled += len(rows)
    return filled


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--mode", default="keyword", choices=["keyword", "semantic", "hybrid"])
    ap.add_argument("--synthetic-vectors", action="store_true", help="random vectors for documents without one")
    a = ap.parse_args()
    with newsgraph.open(a.db, newsgraph.load_settings(environ={})) as ng:
        filled = fill_synthetic(ng) if a.synthetic_vectors else 0
        qs = queries(vocabulary(ng), a.queries)
        times = []
        for q, f in qs:
            ng.search(q, mode=a.mode, filters=f)  # warm
            t = time.perf_counter()
            ng.search(q, mode=a.mode, filters=f)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        print(json.dumps({"mode": a.mode, "synthetic_vectors_added": filled,
                          "db_docs": ng.stats()["documents"], "queries": len(times),
                          "p50_ms": round(statistics.median(times), 1),
                          "p95_ms": round(times[int(0.95 * len(times)) - 1], 1),
                          "max_ms": round(times[-1], 1)}))


if __name__ == "__main__":
    main()
