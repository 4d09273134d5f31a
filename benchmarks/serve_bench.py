"""HTTP latency under load: `newsgraph serve` (a real uvicorn process on 127.0.0.1) and N concurrent
clients for S seconds per scenario; p50/p95/max latency, requests per second and errors.

    python -m benchmarks.serve_bench --db /tmp/serve100/s.db --clients 20 --seconds 60

Scenarios (each alone, one after the other): keyword and hybrid search (queries sampled from the
store's vocabulary, a quarter with a language filter and a quarter with a date range, as in
search_bench), the entity page's calls (record, mentions timeline, co-mention network; entities
drawn from the 200 most mentioned) and the document page's call (random documents), plus the HTML
shell of a page. The clients run in this process (asyncio + httpx) on the same 2 cores as the server:
latency includes that contention. `--synthetic-vectors` fills missing document vectors with random
ones first (see search_bench: KNN costs the same for any vectors).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import httpx

import newsgraph
from benchmarks.search_bench import fill_synthetic, queries, vocabulary

Pick = Callable[[random.Random], str]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, workers: int = 1) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "NEWSGRAPH_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "newsgraph", "serve", "--db", str(db), "--port", str(port),
                             "--workers", str(workers)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"server did not start: {proc.stderr.read() if proc.stderr else ''}")


def scenarios(db: Path) -> dict[str, Pick]:
    """Scenario name → a function drawing one request path."""
    with newsgraph.open(str(db)) as ng:
        qs = [(q, f) for q, f in queries(vocabulary(ng), 300)]
        con = ng.store.con
        entities = [r[0] for r in con.execute(
            "SELECT entity_id FROM mentions WHERE entity_id IS NOT NULL GROUP BY entity_id ORDER BY count(*) DESC LIMIT 200")]
        docs = [r[0] for r in con.execute("SELECT id FROM documents ORDER BY random() LIMIT 2000")]

    def search(mode: str) -> Pick:
        def pick(rng: random.Random) -> str:
            q, f = rng.choice(qs)
            params = [("q", q), ("mode", mode)] + [("lang", x) for x in f.lang]
            params += [(k, v) for k, v in (("since", f.since), ("until", f.until)) if v]
            return "/api/search?" + urlencode(params)
        return pick

    out: dict[str, Pick] = {"keyword search": search("keyword"), "hybrid search": search("hybrid")}
    if entities:
        out["entity record"] = lambda rng: f"/api/entities/{rng.choice(entities)}"
        out["entity timeline"] = lambda rng: f"/api/entities/{rng.choice(entities)}/timeline"
        out["entity network"] = lambda rng: f"/api/entities/{rng.choice(entities)}/network"
        out["entity documents"] = lambda rng: f"/api/entities/{rng.choice(entities)}/documents"
    out["document"] = lambda rng: f"/api/documents/{rng.choice(docs)}"
    out["document page (HTML)"] = lambda rng: f"/documents/{rng.choice(docs)}"
    return out


async def load(base: str, pick: Pick, clients: int, seconds: float, interval: float = 0.0) -> dict:
    """Each client sends a request as soon as its last one is answered (`interval` 0: a closed loop,
    the server always has `clients` requests in hand) or, with `interval`, one every `interval`
    seconds at most (an analyst clicking, not a script)."""
    lat: list[float] = []
    errors: dict[str, int] = {}
    stop = time.monotonic() + seconds

    async def client(i: int) -> None:
        rng = random.Random(i)
        async with httpx.AsyncClient(base_url=base, timeout=30) as c:
            await asyncio.sleep(rng.random() * interval)  # paced clients start spread out
            while time.monotonic() < stop:
                path = pick(rng)
                t0 = time.perf_counter()
                try:
                    r = await c.get(path)
                    await r.aread()
                    ok = r.status_code == 200
                    why = str(r.status_code)
                except httpx.HTTPError as e:
                    ok, why = False, type(e).__name__
                lat.append(time.perf_counter() - t0)
                if not ok:
                    errors[why] = errors.get(why, 0) + 1
                if interval:
                    await asyncio.sleep(max(0.0, interval - (time.perf_counter() - t0)))

    t0 = time.monotonic()
    await asyncio.gather(*(client(i) for i in range(clients)))
    took = time.monotonic() - t0
    ms = sorted(x * 1000 for x in lat)
    return {"requests": len(ms), "per_s": round(len(ms) / took, 1), "p50_ms": round(statistics.median(ms), 1),
            "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 1), "max_ms": round(ms[-1], 1), "errors": errors}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--only", nargs="*", help="scenario names (default: all)")
    ap.add_argument("--interval", type=float, default=0.0,
                    help="seconds between one client's requests (0: closed loop, each waits only for its answer)")
    ap.add_argument("--synthetic-vectors", action="store_true")
    ap.add_argument("--workers", type=int, default=1, help="newsgraph serve --workers")
    args = ap.parse_args()
    if args.synthetic_vectors:
        with newsgraph.open(str(args.db)) as ng:
            print(json.dumps({"synthetic_vectors": fill_synthetic(ng)}), flush=True)
    picks = scenarios(args.db)
    port = free_port()
    server = start_server(args.db, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        for name, pick in picks.items():
            if args.only and name not in args.only:
                continue
            asyncio.run(load(base, pick, 2, 3))  # warm: first searches load the vector matrix
            res = asyncio.run(load(base, pick, args.clients, args.seconds, args.interval))
            print(json.dumps({"scenario": name, "clients": args.clients, "interval": args.interval, "seconds": args.seconds,
                              "workers": args.workers, **res,
                              "machine": f"{platform.machine()} {os.cpu_count()} cpu"}), flush=True)
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:  # threads still busy with slow requests
            server.kill()


if __name__ == "__main__":
    main()
