"""Exports of stored records in the contract shapes; each format is one registered module."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import UsageError
from ..registry import exporters
from ..store import Filters

FORMATS = ("jsonl", "csv", "parquet")
WHAT = ("documents", "entities", "stories")


def export(ng: Any, fmt: str, out: IO[Any] | str | Path, what: str, filters: Filters) -> int:
    """Write every matching record to `out` (path, '-' for stdout, or an open file); returns the count."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if what not in WHAT:
        raise UsageError(f"cannot export {what!r} yet; this version exports: {', '.join(WHAT)}")
    fn = exporters.get(f"{fmt}.v1")
    if what == "documents":
        records = ng.iter_documents(filters)
    elif what == "entities":
        from ..entities import iter_entities

        records = iter_entities(ng.store)
    else:
        from ..embed import get_encoder
        from ..stories.query import iter_stories

        records = iter_stories(ng.store, get_encoder(ng.settings.embed.model, ng.settings.embed.threads))
    if fmt == "parquet" and str(out) == "-":
        raise UsageError("parquet is binary: pass --out FILE")
    with _open_out(out, binary=fmt == "parquet") as f:
        return fn(records, f, what)


@contextlib.contextmanager
def _open_out(out: IO[Any] | str | Path, binary: bool) -> Iterator[IO[Any]]:
    if not isinstance(out, str | Path):
        yield out
    elif str(out) == "-":
        yield sys.stdout.buffer if binary else sys.stdout
    else:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        with open(out, "wb" if binary else "w", encoding=None if binary else "utf-8", newline="" if not binary else None) as f:
            yield f
