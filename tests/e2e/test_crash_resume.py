"""kill -9 an ingest mid-run, run it again: no duplicate, no lost document, a sound database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import sqlean as sqlite3

pytestmark = pytest.mark.slow

N = 1500


def _corpus(d):
    d.mkdir()
    for i in range(N):
        (d / f"a{i:05d}.txt").write_text(
            f" date 2024-{1 + i % 12:02d}-{1 + i % 28:02d} Report {i} on army training\n\n"
            f"Unit {i} of the army completed its training cycle number {i * 7} in province {i % 63}. "
            f"Officers reviewed readiness, logistics and {i % 17} exercises.",
            encoding="utf-8",
        )


def _count(db):
    try:
        con = sqlite3.connect(str(db), timeout=30)
        return con.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_kill_then_resume(tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "c.db"
    _corpus(corpus)
    cmd = [sys.executable, "-m", "newsgraph", "ingest", str(corpus), "--db", str(db), "--quiet"]
    env = {**os.environ, "NEWSGRAPH_INGEST__BATCH_SIZE": "25"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and _count(db) < 100 and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _count(db)
    assert 0 < partial < N, "the kill must land mid-run"
    # a reader can open and search the file left behind
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    con = sqlite3.connect(str(db))
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    total, distinct_sources = con.execute("SELECT count(*), count(DISTINCT source) FROM documents").fetchone()
    assert total == distinct_sources == N
    fts_rows = con.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'army'").fetchone()[0]
    assert fts_rows == N


def test_readers_search_while_ingest_runs(tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "r.db"
    _corpus(corpus)
    env = {**os.environ, "NEWSGRAPH_INGEST__BATCH_SIZE": "25"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsgraph", "ingest", str(corpus), "--db", str(db), "--quiet"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    import newsgraph

    seen = []
    try:
        deadline = time.time() + 120
        while proc.poll() is None and time.time() < deadline:
            if db.exists() and _count(db) > 0:
                with newsgraph.open(str(db), newsgraph.load_settings(environ={})) as ng:
                    seen.append(ng.search("army training")["total"])
            time.sleep(0.1)
    finally:
        proc.wait(timeout=300)
    assert seen and seen == sorted(seen)  # counts grow; never an error while the writer works
    assert proc.returncode == 0
