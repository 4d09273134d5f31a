"""The one way a request reaches the store: a small pool of library handles (`Newsgraph`), each
with its own SQLite connection, checked out for one request and given back.

Why a pool and not one handle: FastAPI runs plain `def` handlers on a thread pool, and one SQLite
connection must not serve two threads at once; why not one per thread: each handle keeps caches
(vectors of the whole store for semantic search), so their number is bounded (`serve.handles`).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request

from ..api import Newsgraph
from ..config import Settings


class HandlePool:
    def __init__(self, settings: Settings, size: int) -> None:
        self.settings = settings
        self.size = max(1, size)
        self._free: queue.LifoQueue[Newsgraph] = queue.LifoQueue()
        self._opened: list[Newsgraph] = []
        self._lock = threading.Lock()

    def acquire(self) -> Newsgraph:
        try:
            return self._free.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if len(self._opened) < self.size:
                ng = Newsgraph.open(self.settings.db, self.settings)
                self._opened.append(ng)
                return ng
        return self._free.get()  # all handles busy: wait for one

    def release(self, ng: Newsgraph) -> None:
        self._free.put(ng)

    def close(self) -> None:
        with self._lock:
            for ng in self._opened:
                ng.close()
            self._opened.clear()


def _handle(request: Request) -> Iterator[Newsgraph]:
    pool: HandlePool = request.app.state.pool
    ng = pool.acquire()
    try:
        yield ng
    finally:
        pool.release(ng)


Ng = Annotated[Newsgraph, Depends(_handle)]
"""A library handle for this request: `def handler(ng: Ng): ng.search(...)`."""


def settings_of(request: Request) -> Settings:
    return request.app.state.settings
