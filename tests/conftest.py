"""Shared fixtures: hand-built Documents, real SQLite stores, the CLI, the seeds and bench paths."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from newsgraph.config import Settings, load_settings
from newsgraph.model.document import Document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
BENCH = SHARED / "bench"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Defaults only: no user newsgraph.toml, no NEWSGRAPH_* from the environment."""
    return load_settings(environ={}, overrides={"db": str(tmp_path / "t.db")})


@pytest.fixture
def make_doc() -> Callable[..., Document]:
    def make(text: str, lang: str | None = None, **meta: object) -> Document:
        doc = Document(source=str(meta.pop("source", "test.txt")), raw=text, meta=dict(meta))
        doc.text = text
        doc.lang = lang
        return doc

    return make


@pytest.fixture
def store(tmp_path: Path):
    from newsgraph.store.sqlite import SQLiteStore

    s = SQLiteStore(str(tmp_path / "store.db"))
    yield s
    s.close()


class CliResult:
    def __init__(self, code: int, stdout: str, stderr: str):
        self.exit_code, self.stdout, self.stderr = code, stdout, stderr

    @property
    def json(self):
        import json

        return json.loads(self.stdout.strip().splitlines()[-1])


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., CliResult]:
    """Run `newsgraph ARGS` in-process through the real entry point (error handling included)."""
    from newsgraph.cli import _app, run

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSGRAPH_DB", raising=False)

    def invoke(*args: str, stdin: bytes | None = None) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        monkeypatch.setattr(_app.out, "file", out)
        monkeypatch.setattr(_app.err, "file", err)
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        with redirect_stdout(out):
            code = run(list(args))
        return CliResult(code, out.getvalue(), err.getvalue())

    return invoke


def pytest_collection_modifyitems(config, items):
    """Skip tests that need ../shared/seeds or ../shared/bench when they are absent (fresh clone elsewhere)."""
    for item in items:
        if "seeds" in item.keywords and not SEEDS.is_dir():
            item.add_marker(pytest.mark.skip(reason="../shared/seeds not present"))
        if "bench" in item.keywords and not BENCH.is_dir():
            item.add_marker(pytest.mark.skip(reason="../shared/bench not present"))
