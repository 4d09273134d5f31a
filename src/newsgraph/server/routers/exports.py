"""`GET /api/export`: every matching record as a download (JSONL, CSV or Parquet), streamed.

The exporters (export/) write to a file; here they write into a bounded pipe from a thread of
their own, with a store handle of their own, while the response reads the pipe: memory stays
flat whatever the size, the first bytes leave at once, and a client that goes away stops the
export. No parameter names a file: the server never reads or writes a path from a request.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from ..deps import HandlePool
from ..paging import FilterParams

router = APIRouter(tags=["export"])
log = logging.getLogger("newsgraph.server")
CHUNK = 64 * 1024


class What(StrEnum):
    documents = "documents"
    entities = "entities"
    stories = "stories"


class Format(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


MEDIA = {Format.jsonl: "application/x-ndjson", Format.csv: "text/csv; charset=utf-8",
         Format.parquet: "application/vnd.apache.parquet"}


class _Gone(Exception):
    """The client stopped reading."""


class Pipe:
    """A write-only file whose bytes a reader takes in chunks (`chunks()`); bounded, so a slow
    client slows the export instead of filling memory."""

    def __init__(self) -> None:
        self._q: queue.Queue[bytes | None] = queue.Queue(maxsize=16)
        self._buf = bytearray()
        self._written = 0
        self.gone = threading.Event()
        self.closed = False

    def write(self, data: str | bytes) -> int:
        raw = data.encode() if isinstance(data, str) else bytes(data)
        self._buf += raw
        self._written += len(raw)
        if len(self._buf) >= CHUNK:
            self.flush()
        return len(data)

    def tell(self) -> int:
        return self._written

    def flush(self) -> None:
        if self._buf:
            self._put(bytes(self._buf))
            self._buf.clear()

    def finish(self) -> None:
        if not self.gone.is_set():
            self.flush()
            self._put(None)

    def _put(self, item: bytes | None) -> None:
        while not self.gone.is_set():
            try:
                self._q.put(item, timeout=0.5)
                return
            except queue.Full:
                continue
        raise _Gone

    def chunks(self) -> Iterator[bytes]:
        try:
            while (item := self._q.get()) is not None:
                yield item
        finally:
            self.gone.set()


def _produce(pool: HandlePool, pipe: Pipe, fmt: str, what: str, filters: Any) -> None:
    ng = pool.acquire()
    try:
        ng.export(fmt, pipe, what, filters)
    except _Gone:
        pass
    except Exception:  # the status line is sent: all we can do is end the download short, and log why
        log.exception("export %s/%s failed", what, fmt)
    finally:
        pool.release(ng)
        with contextlib.suppress(_Gone):
            pipe.finish()


@router.get("/export", summary="Download an export", response_class=StreamingResponse,
            responses={200: {"description": "the file (Content-Disposition: attachment)",
                             "content": {"application/x-ndjson": {}, "text/csv": {}, "application/vnd.apache.parquet": {}}}})
def export(request: Request, filters: FilterParams,
           what: Annotated[What, Query(description="documents, entities or stories")] = What.documents,
           format: Annotated[Format, Query(description="jsonl, csv or parquet")] = Format.jsonl,
           ) -> StreamingResponse:
    """Every matching record in the stable shapes of DESIGN.md (`newsgraph export`), streamed as an
    attachment. The document filters apply to documents; entities and stories are exported whole."""
    pipe = Pipe()
    threading.Thread(target=_produce, args=(request.app.state.pool, pipe, format.value, what.value, filters),
                     daemon=True, name="newsgraph-export").start()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    name = f"newsgraph-{what.value}-{stamp}.{format.value}"
    return StreamingResponse(pipe.chunks(), media_type=MEDIA[format],
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})
