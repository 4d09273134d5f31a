"""Ingest throughput and peak memory: one process vs all cores, on generated corpora.

Runs `newsgraph ingest` as a subprocess (the real CLI path) into a fresh database,
samples the RSS of its whole process tree every 0.2 s, and prints one JSON line per run.

    python -m benchmarks.ingest_bench --n 10000 --workers 1 0
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from benchmarks.gen_corpus import generate


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):  # a worker may exit between listing and reading
            total += p.memory_info().rss
    return total


def run_once(corpus: Path, db: Path, workers: int) -> dict:
    cmd = [sys.executable, "-m", "newsgraph", "ingest", str(corpus), "--db", str(db), "--json", "--quiet",
           "--workers", str(workers)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ps, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(ps))
        time.sleep(0.2)
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    report = json.loads(out.strip().splitlines()[-1]) if out.strip() else {"error": err[-500:]}
    return {"workers": workers, "wall_s": round(wall, 1), "docs": report.get("read"), "stored": report.get("stored"),
            "docs_per_s": round((report.get("read") or 0) / wall, 1), "peak_rss_mib": round(peak / 2**20),
            "db_mib": round(db.stat().st_size / 2**20) if db.exists() else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[10_000])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 0], help="0 = all cores")
    ap.add_argument("--keep", type=Path, help="keep databases here (e.g. for the search benchmark)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in a.n:
            corpus = generate(n, Path(tmp) / f"corpus{n}")
            for w in a.workers:
                db = (a.keep or Path(tmp)) / f"bench{n}-w{w}.db"
                db.parent.mkdir(parents=True, exist_ok=True)
                for suffix in ("", "-wal", "-shm"):
                    Path(str(db) + suffix).unlink(missing_ok=True)
                res = run_once(corpus, db, w)
                print(json.dumps({"n": n, **res, "cpus": os.cpu_count(), "machine": platform.machine(),
                                  "python": platform.python_version()}), flush=True)


if __name__ == "__main__":
    main()
