"""Mentions + linking throughput and peak memory on generated 400-word documents.

The foundation stages (read, clean, language, date) run first and are not timed; then the
mention stages (every `mentions.*` stage of the configured pipeline, plus `mentions.ner.v1`
when `--ner` and it is not configured) run over the prepared documents, in one process or
in a pool of `--workers` processes (each loads its models once; model loading is timed
apart, as `load_s`); then the documents are written to a fresh SQLite store, whose write
transaction links their mentions (timed as `write_link_s`, single writer, as in ingest).

    python -m benchmarks.mentions_bench --n 2000 --workers 1 2

Prints one JSON line per worker count: docs/s for the mention stages, for the store write
with linking, and for both one after the other (`docs_per_s`); with more than one worker also
both together as ingest runs them (`pipelined_docs_per_s`: the workers run the mention stages
while the main process writes and links finished batches); and the peak RSS of the process tree.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from benchmarks.gen_corpus import generate
from newsgraph.config import load_settings
from newsgraph.model.document import Document
from newsgraph.pipeline.runner import Pipeline
from newsgraph.read import iter_items
from newsgraph.store import open_store

NER = "mentions.ner.v1"


def stage_names(with_ner: bool) -> tuple[list[str], list[str]]:
    """(foundation stages, mention stages) of the configured pipeline, NER added when asked."""
    names = list(load_settings().pipeline.stages)
    mentions = [n for n in names if n.startswith("mentions.")]
    if with_ner and NER not in mentions:
        after = mentions.index("mentions.gazetteer.v1") + 1 if "mentions.gazetteer.v1" in mentions else 0
        mentions.insert(after, NER)
    return [n for n in names if not n.startswith("mentions.")], mentions


def prepare(corpus: Path, foundation: list[str]) -> list[Document]:
    settings = load_settings()
    docs = [d for d in iter_items([str(corpus)], settings) if isinstance(d, Document)]
    done, _ = Pipeline(settings, foundation).run_batch(docs)
    for d in done:
        d.mentions = []
    return done


_PIPE: Pipeline | None = None


def _init(names: list[str]) -> None:
    """A pipeline of only the mention stages (the chain is checked with the foundation before them)."""
    global _PIPE
    foundation, _ = stage_names(False)
    _PIPE = Pipeline(load_settings(), [*foundation, *names])
    _PIPE.stages = [st for st in _PIPE.stages if st.name in names]
    warm = Document(source="warm", raw="x", text="Hà Nội. Paris. Berlin.", lang="en")
    for lang in ("en", "fr", "de", "es", "ru", "ar", "vi", "zh"):
        warm.lang = lang
        _PIPE.run_batch([warm])


def _run(docs: list[Document]) -> list[Document]:
    assert _PIPE is not None
    out, _ = _PIPE.run_batch(docs)
    return out


def peak_rss_mib() -> int:
    """Peak RSS of this process plus the largest of its finished children (Linux ru_maxrss is KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round((own + kids) / 1024)


def run_mentions(docs: list[Document], names: list[str], workers: int, batch: int = 64) -> tuple[list[Document], float, float]:
    chunks = [docs[i:i + batch] for i in range(0, len(docs), batch)]
    if workers <= 1:
        t0 = time.perf_counter()
        _init(names)
        load = time.perf_counter() - t0
        t1 = time.perf_counter()
        out = [d for c in chunks for d in _run(c)]
        return out, time.perf_counter() - t1, load
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(names,)) as pool:
        t0 = time.perf_counter()
        list(pool.map(_run, [[] for _ in range(workers)]))  # every worker has loaded its models
        load = time.perf_counter() - t0
        t1 = time.perf_counter()
        out = [d for c in pool.map(_run, chunks) for d in c]
        return out, time.perf_counter() - t1, load


def write_and_link(docs: list[Document], db: Path, batch: int = 64) -> float:
    store = open_store(str(db))
    run_id = store.start_run({"bench": "mentions"})
    t0 = time.perf_counter()
    for i in range(0, len(docs), batch):
        store.write_batch(docs[i:i + batch], [], run_id)
    elapsed = time.perf_counter() - t0
    store.close()
    return elapsed


def run_pipelined(docs: list[Document], names: list[str], workers: int, db: Path, batch: int = 64) -> float:
    """As ingest runs it: `workers` processes run the mention stages while this process writes
    and links each finished batch (seconds from the first batch submitted to the last written)."""
    store = open_store(str(db))
    run_id = store.start_run({"bench": "mentions-pipelined"})
    chunks = [docs[i:i + batch] for i in range(0, len(docs), batch)]
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(names,)) as pool:
        list(pool.map(_run, [[] for _ in range(workers)]))  # models loaded before the clock starts
        t0 = time.perf_counter()
        for out in pool.map(_run, chunks):
            store.write_batch(out, [], run_id)
        elapsed = time.perf_counter() - t0
    store.close()
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--no-ner", action="store_true", help="leave mentions.ner.v1 out unless it is configured")
    args = ap.parse_args()
    foundation, mentions = stage_names(not args.no_ner)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = generate(args.n, Path(tmp) / "corpus")
        docs = prepare(corpus, foundation)
        words = sum(len(d.text.split()) for d in docs)
        for workers in args.workers:
            out, mention_s, load_s = run_mentions(copy.deepcopy(docs), mentions, workers)  # each run from scratch
            link_s = write_and_link(out, Path(tmp) / f"bench-{workers}.db")
            n = len(out)
            pipelined = {}
            if workers > 1:
                piped_s = run_pipelined(copy.deepcopy(docs), mentions, workers, Path(tmp) / f"piped-{workers}.db")
                pipelined = {"pipelined_s": round(piped_s, 1), "pipelined_docs_per_s": round(n / piped_s, 1)}
            print(json.dumps({
                "docs": n, "words_per_doc": round(words / max(len(docs), 1)), "workers": workers,
                "stages": mentions, "mentions": sum(len(d.mentions) for d in out),
                "load_s": round(load_s, 1), "mention_s": round(mention_s, 1),
                "mention_docs_per_s": round(n / mention_s, 1), "write_link_s": round(link_s, 1),
                "write_link_docs_per_s": round(n / link_s, 1),
                "docs_per_s": round(n / (mention_s + link_s), 1), **pipelined,
                "peak_rss_mib": peak_rss_mib(),
                "cpus": os.cpu_count(), "python": platform.python_version(),
            }), flush=True)


if __name__ == "__main__":
    main()
