"""`newsgraph serve --workers 2`: a real CLI process with two worker processes on 127.0.0.1 answers
reads, and writes with the one token it printed (every worker knows it), refusing others."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from .conftest import _free_port

pytestmark = pytest.mark.slow


@pytest.fixture
def two_workers(sample_db: Path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "NEWSGRAPH_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "newsgraph", "serve", "--db", str(sample_db), "--port", str(port),
                             "--workers", "2"], env=env, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 90
        while not any("worker processes" in line for line in lines):
            assert time.monotonic() < deadline and proc.poll() is None, "".join(lines)
            lines.append(proc.stderr.readline())
        while True:
            assert time.monotonic() < deadline and proc.poll() is None, "".join(lines)
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        token = re.search(r"X-Newsgraph-Token: (\S+)", "".join(lines)).group(1)
        yield f"http://127.0.0.1:{port}", token
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_two_workers_answer_reads_and_share_the_write_token(two_workers):
    url, token = two_workers
    with httpx.Client(base_url=url, timeout=60) as c:
        for _ in range(12):  # spread over both workers by the kernel
            assert c.get("/api/search", params={"q": "defence", "mode": "keyword"}).json()["total"] > 0
        for i in range(6):
            body = {"name": f"Alias {i}", "lang": "en"}
            assert c.post("/api/entities/luong-cuong/aliases", json=body).status_code == 403
            assert c.post("/api/entities/luong-cuong/aliases", json=body, headers={"X-Newsgraph-Token": "x" * 24}).status_code == 403
            assert c.post("/api/entities/luong-cuong/aliases", json=body, headers={"X-Newsgraph-Token": token}).status_code == 201
        names = {a["name"] for a in c.get("/api/entities/luong-cuong").json()["aliases"]}
        assert {f"Alias {i}" for i in range(6)} <= names
