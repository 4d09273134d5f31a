"""ingest(): read → pipeline → store, one batch at a time, one transaction per batch.

Re-running on the same input is a no-op: ids already stored are skipped before any stage
runs. An ingest killed at any point loses at most the batch in flight, which the next run
redoes. With `ingest.workers` > 1 the stages run in a process pool while this process
reads and writes (the single writer).
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import IO, Any

from .config import Settings
from .model.document import Document, Rejection
from .pipeline.runner import Pipeline
from .read import iter_items
from .store import BatchResult, Store


@dataclass
class Report:
    run_id: int = 0
    read: int = 0  # items read (documents + rejected items)
    stored: int = 0
    unchanged: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (source of the copy, id of the stored document)
    near_duplicates: list[tuple[str, str, float]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (source, what was repaired), e.g. bad bytes
    seconds: float = 0.0

    @property
    def exit_status(self) -> int:
        """0 when everything was processed; 1 when some inputs were rejected (DESIGN: exit status)."""
        return 1 if self.rejected else 0

    @property
    def docs_per_s(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0

    def add(self, result: BatchResult, rejected: Sequence[Rejection]) -> None:
        self.stored += len(result.stored)
        self.unchanged += len(result.unchanged)
        self.duplicates.extend(result.duplicates)
        self.near_duplicates.extend(result.near_duplicates)
        self.rejected.extend(rejected)

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "read": self.read,
            "stored": self.stored,
            "unchanged": self.unchanged,
            "duplicates": len(self.duplicates),
            "near_duplicates": len(self.near_duplicates),
            "rejected": len(self.rejected),
            "warnings": len(self.warnings),
            "seconds": round(self.seconds, 3),
            "docs_per_s": round(self.docs_per_s, 1),
        }


ProgressFn = Callable[[Report], None]


def _batches(items: Iterable[Document | Rejection], size: int) -> Iterator[tuple[list[Document], list[Rejection]]]:
    docs: list[Document] = []
    rejects: list[Rejection] = []
    for item in items:
        (docs if isinstance(item, Document) else rejects).append(item)
        if len(docs) + len(rejects) >= size:
            yield docs, rejects
            docs, rejects = [], []
    if docs or rejects:
        yield docs, rejects


def _new_only(store: Store, docs: list[Document], report: Report) -> tuple[list[Document], list[tuple[str, str]]]:
    """Drop documents already stored and repeats inside the batch (same id). The same source again is
    "unchanged" (a re-run); the same content from another source is an exact duplicate: reported, and
    returned as (id, source) so the store records where else the document was seen."""
    known = store.known_ids([d.id for d in docs])
    out: list[Document] = []
    also_seen: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for d in docs:
        first = known.get(d.id) or seen.get(d.id)
        if first is None:
            seen[d.id] = d.source
            out.append(d)
        elif first == d.source:
            report.unchanged += 1
        else:
            report.duplicates.append((d.source, d.id))
            also_seen.append((d.id, d.source))
    return out, also_seen


# -- worker processes ---------------------------------------------------------------------------
_worker_pipeline: Pipeline | None = None


def _init_worker(settings: Settings, stages: Sequence[str]) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline(settings, stages)


def _run_in_worker(docs: list[Document]) -> tuple[list[Document], list[Rejection]]:
    assert _worker_pipeline is not None
    return _worker_pipeline.run_batch(docs)


def worker_count(settings: Settings) -> int:
    n = settings.ingest.workers
    return max(1, os.cpu_count() or 1) if n == 0 else max(1, n)


def ingest(
    paths: Sequence[str],
    store: Store,
    settings: Settings,
    on_progress: ProgressFn | None = None,
    stdin: IO[bytes] | None = None,
    stages: Sequence[str] | None = None,
) -> Report:
    """Ingest files, folders, archives, feeds, JSONL/CSV or '-' (stdin) into `store`."""
    stages = tuple(stages or settings.pipeline.stages)
    started = time.perf_counter()
    report = Report(run_id=store.start_run({"paths": list(paths), "stages": list(stages)}))
    batches = _batches(iter_items(paths, settings, stdin=stdin), settings.ingest.batch_size)
    status = "interrupted"
    try:
        workers = worker_count(settings)
        if workers == 1:
            _ingest_serial(batches, store, Pipeline(settings, stages), report, on_progress, started)
        else:
            _ingest_parallel(batches, store, settings, stages, workers, report, on_progress, started)
        status = "done"
    finally:
        report.seconds = time.perf_counter() - started
        store.finish_run(report.run_id, report.to_dict(), status)
    return report


def _store_batch(
    store: Store, report: Report, docs: list[Document], rejected: list[Rejection], n_read: int,
    also_seen: list[tuple[str, str]],
) -> None:
    result = store.write_batch(docs, rejected, report.run_id, also_seen)
    stored = set(result.stored)
    report.warnings.extend(
        (d.source, w) for d in docs if d.id in stored for w in d.meta.get("decode_warnings", ())
    )
    report.read += n_read
    report.add(result, rejected)


def _ingest_serial(batches, store, pipeline, report, on_progress, started) -> None:
    for docs, rejects in batches:
        todo, also_seen = _new_only(store, docs, report)
        done, failed = pipeline.run_batch(todo)
        _store_batch(store, report, done, rejects + failed, len(docs) + len(rejects), also_seen)
        _progress(report, on_progress, started)


def _ingest_parallel(batches, store, settings, stages, workers, report, on_progress, started) -> None:
    pending: deque[tuple[Future, list[Rejection], int, list[tuple[str, str]]]] = deque()
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(settings, tuple(stages))) as pool:
        for docs, rejects in batches:
            todo, also_seen = _new_only(store, docs, report)
            pending.append((pool.submit(_run_in_worker, todo), rejects, len(docs) + len(rejects), also_seen))
            while len(pending) > 2 * workers:  # bounded read-ahead: memory stays flat
                _drain_one(pending, store, report, on_progress, started)
        while pending:
            _drain_one(pending, store, report, on_progress, started)


def _drain_one(pending, store, report, on_progress, started) -> None:
    fut, rejects, n_read, also_seen = pending.popleft()
    done, failed = fut.result()
    _store_batch(store, report, done, rejects + failed, n_read, also_seen)
    _progress(report, on_progress, started)


def _progress(report: Report, on_progress: ProgressFn | None, started: float) -> None:
    report.seconds = time.perf_counter() - started
    if on_progress:
        on_progress(report)
