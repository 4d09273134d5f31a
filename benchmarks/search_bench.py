"""Keyword search latency (p50/p95) on a stored corpus, through the library call the CLI uses.

Queries are sampled from the store's own vocabulary (1–3 words, some phrases and prefixes),
with and without language/date filters. Each is run once cold, then timed.

    python -m benchmarks.search_bench --db /tmp/bench/bench100000-w0.db --queries 300
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time

import newsgraph
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--queries", type=int, default=300)
    a = ap.parse_args()
    with newsgraph.open(a.db, newsgraph.load_settings(environ={})) as ng:
        qs = queries(vocabulary(ng), a.queries)
        times = []
        for q, f in qs:
            ng.search(q, filters=f)  # warm
            t = time.perf_counter()
            ng.search(q, filters=f)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        print(json.dumps({"db_docs": ng.stats()["documents"], "queries": len(times),
                          "p50_ms": round(statistics.median(times), 1),
                          "p95_ms": round(times[int(0.95 * len(times)) - 1], 1),
                          "max_ms": round(times[-1], 1)}))


if __name__ == "__main__":
    main()
