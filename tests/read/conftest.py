"""Helpers for the read tests: settings, and running iter_items into Documents / Rejections."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from newsgraph.config import Settings
from newsgraph.model.document import Document, Rejection
from newsgraph.read import iter_items


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def small() -> Settings:
    """max_item_bytes=1000, so size limits are tested with small inputs."""
    return Settings().with_overrides(**{"ingest.max_item_bytes": 1000})


Read = Callable[..., tuple[list[Document], list[Rejection]]]


@pytest.fixture
def read(settings: Settings) -> Read:
    """read(*paths, settings=?, stdin=bytes?) → (documents, rejections), everything consumed."""

    def run(*paths: str | Path, settings: Settings = settings, stdin: bytes | None = None):
        items = list(iter_items([str(p) for p in paths], settings, io.BytesIO(stdin) if stdin is not None else None))
        return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, Rejection)]

    return run


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, bytes | str], Path]:
    """write(name, bytes-or-text) → path under tmp_path (folders created)."""

    def run(name: str, data: bytes | str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    return run
