"""Embedding throughput: documents per second for the passages `newsgraph embed` makes, by passage
length, on generated 400-word documents (benchmarks/gen_corpus.py).

    python -m benchmarks.embed_bench --n 200 --words 32 64 128 256 --max-passages 1

Prints one JSON line per setting: docs/s and passages/s of the encoder (model loading excluded:
one warm-up call first), tokens are not counted; peak RSS of the process. Nothing is cached
between settings (each text is new to the encoder)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import tempfile
import time
from pathlib import Path

from benchmarks.gen_corpus import generate
from newsgraph.embed import embed_texts, get_encoder
from newsgraph.embed.documents import passages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--words", type=int, nargs="+", default=[32, 64, 128, 256])
    ap.add_argument("--max-passages", type=int, default=1)
    ap.add_argument("--model", default="e5-small.v1")
    ap.add_argument("--threads", type=int, default=0)
    args = ap.parse_args()
    encoder = get_encoder(args.model, args.threads)
    encoder.encode(["warm up"], "passage")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = generate(args.n, Path(tmp) / "c")
        docs = []
        for p in sorted(corpus.rglob("*.txt")):
            body = p.read_text(encoding="utf-8").partition("\n\n")[2]
            docs.append(body.strip())
    for words in args.words:
        items = [body for d in docs for _, _, body in passages(None, d, words, args.max_passages)]
        t0 = time.perf_counter()
        embed_texts(items, encoder, "passage", batch_size=32)
        elapsed = time.perf_counter() - t0
        print(json.dumps({"model": args.model, "docs": len(docs), "passage_words": words,
                          "max_passages": args.max_passages, "passages": len(items),
                          "docs_per_s": round(len(docs) / elapsed, 2), "passages_per_s": round(len(items) / elapsed, 2),
                          "seconds": round(elapsed, 1), "threads": args.threads or "engine default",
                          "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                          "cpus": os.cpu_count(), "python": platform.python_version()}), flush=True)


if __name__ == "__main__":
    main()
