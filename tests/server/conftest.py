"""Fixtures of the HTTP layer: the sample corpus in a real SQLite store (ingested and embedded once
per session, copied for tests that write), the real app served by uvicorn on 127.0.0.1, httpx
clients, and Playwright on Debian's chromium (never `playwright install`)."""

from __future__ import annotations

import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

import newsgraph
from newsgraph.config import Settings
from newsgraph.fixtures import sample_config, sample_corpus
from newsgraph.server import create_app

FOLDERS = ("txt", "html", "feeds", "tabular", "archives", "encodings", "near-duplicates", "bad")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artefacts"
"""Screenshots the browser tests save (ignored by git; docs/screenshots holds the README's copies)."""


def sample_settings(db: Path, **overrides: Any) -> Settings:
    s = newsgraph.load_settings(config_file=sample_config(), environ={})
    return s.with_overrides(db=str(db), **overrides)


@pytest.fixture(scope="session")
def sample_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole sample corpus (bad files included: they are rejected and reported), ingested and
    embedded, with stories. Read-only: tests that write use `sample_db`."""
    db = tmp_path_factory.mktemp("server") / "sample.db"
    with newsgraph.open(str(db), sample_settings(db)) as ng:
        ng.ingest([str(sample_corpus() / f) for f in FOLDERS])
        ng.embed()
    return db


def copy_db(src: Path, dst: Path) -> Path:
    """A consistent copy (WAL included) through SQLite's backup API."""
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return dst


@pytest.fixture
def sample_db(sample_db_template: Path, tmp_path: Path) -> Path:
    """A private copy of the sample store, for tests that write (corrections)."""
    return copy_db(sample_db_template, tmp_path / "sample.db")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """The real app under uvicorn in a thread on 127.0.0.1; `url`, `write_token`, `stop()`."""

    def __init__(self, settings: Settings, token: str | None = None) -> None:
        self.app = create_app(settings, token=token)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.write_token = self.app.state.access.write_token
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture
def serve() -> Iterator[Callable[..., LiveServer]]:
    """serve(db, token=None, **setting_overrides) → a running LiveServer, stopped after the test."""
    started: list[LiveServer] = []

    def start(db: Path, token: str | None = None, **overrides: Any) -> LiveServer:
        server = LiveServer(sample_settings(db, **overrides), token=token)
        started.append(server)
        return server

    yield start
    for s in started:
        s.stop()


@pytest.fixture(scope="session")
def live(sample_db_template: Path) -> Iterator[LiveServer]:
    """One server over the read-only sample store, shared by the read-only tests."""
    server = LiveServer(sample_settings(sample_db_template))
    yield server
    server.stop()


@pytest.fixture
def api(live: LiveServer) -> Iterator[httpx.Client]:
    """An httpx client of the shared read-only server."""
    with httpx.Client(base_url=live.url, timeout=60) as client:
        yield client


# -- browser (pytest-playwright's fixtures, on the system chromium) ---------------------------
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def artefacts() -> Path:
    ARTEFACTS.mkdir(exist_ok=True)
    return ARTEFACTS
