"""reprocess(): run the pipeline again over every stored document's raw input, in place.

For when a pack was updated or a model added: each document is rebuilt from the decoded input
kept in `raw` (with the source, kind, encoding and declared metadata the reader recorded), the
stages run, and its derived fields, index entries and mentions are replaced — one transaction
per batch, document ids unchanged. Then everything is re-linked (`newsgraph.linking.relink_all`,
when the linker is installed) and the corrections log replayed, so no analyst's edit is lost.

A document whose stages now fail keeps its stored version and is reported; one stored without
its raw input (`store.keep_raw = false`) cannot be re-processed and is reported as such. The SQL
lives here, on the SQLite store's connection, until the Store interface grows a method for it.
"""

from __future__ import annotations

import json
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .config import Settings
from .corrections import ReplayReport, replay
from .model.document import Document, Rejection
from .pipeline.runner import Pipeline
from .store.fts import index_text
from .store.records import document_row, facet_types
from .text import fingerprint
from .text.normalise import fold

DERIVED = ("title", "text", "lang", "lang_confidence", "langs", "pub_date", "pub_precision", "pub_source",
           "pub_confidence", "pub_evidence", "pub_start", "pub_end", "pub_lo", "pub_hi", "date_flags", "meta", "removed")


@dataclass
class ReprocessReport:
    documents: int = 0  # stored documents
    done: int = 0  # documents looked at so far
    reprocessed: int = 0
    without_raw: list[str] = field(default_factory=list)  # ids stored without their raw input
    failed: list[tuple[str, Rejection]] = field(default_factory=list)  # (id, why): stored version kept
    mentions_before: int = 0
    mentions_after: int = 0
    relinked: bool = False
    replay: ReplayReport | None = None
    seconds: float = 0.0

    @property
    def docs_per_s(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    @property
    def exit_status(self) -> int:
        return 1 if self.failed or self.without_raw else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents, "reprocessed": self.reprocessed,
            "without_raw": self.without_raw,
            "failed": [{"id": i, **r.to_dict()} for i, r in self.failed],
            "mentions_before": self.mentions_before, "mentions_after": self.mentions_after,
            "relinked": self.relinked, "corrections": self.replay.to_dict() if self.replay else None,
            "seconds": round(self.seconds, 3), "docs_per_s": round(self.docs_per_s, 1),
        }


ProgressFn = Callable[[ReprocessReport], None]


def reprocess(store: Any, settings: Settings, on_progress: ProgressFn | None = None) -> ReprocessReport:
    """Re-run the configured stages on every stored document, re-link, replay the corrections."""
    con = store.con
    started = time.perf_counter()
    count = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    report = ReprocessReport(documents=count("SELECT count(*) FROM documents"),
                             mentions_before=count("SELECT count(*) FROM mentions"))
    run_id = store.start_run({"command": "reprocess", "stages": list(settings.pipeline.stages)})
    pipeline = Pipeline(settings)
    status = "interrupted"
    try:
        for batch in _stored_batches(con, settings.ingest.batch_size, report):
            _reprocess_batch(con, pipeline, batch, report)
            report.seconds = time.perf_counter() - started
            if on_progress:
                on_progress(report)
        report.relinked = _relink(store)
        report.replay = replay(con)
        status = "done"
    finally:
        report.mentions_after = count("SELECT count(*) FROM mentions")
        report.seconds = time.perf_counter() - started
        store.finish_run(run_id, report.to_dict(), status)
    return report


def _stored_batches(con: Any, size: int, report: ReprocessReport) -> Iterator[list[tuple[int, Document]]]:
    """(rowid, Document as the reader made it) for every stored document, in keyset pages."""
    last = 0
    while True:
        rows = con.execute(
            """SELECT d.rowid, d.id, d.source, d.kind, d.raw_hash, d.encoding, d.meta, r.data
               FROM documents d LEFT JOIN raw r ON r.doc_rowid = d.rowid
               WHERE d.rowid > ? ORDER BY d.rowid LIMIT ?""", (last, size)).fetchall()
        if not rows:
            return
        batch = []
        for rowid, doc_id, source, kind, raw_hash, encoding, meta, data in rows:
            if data is None:
                report.without_raw.append(doc_id)
                report.done += 1
                continue
            batch.append((rowid, Document(source=source, raw=zlib.decompress(data).decode(), kind=kind,
                                          raw_hash=raw_hash, encoding=encoding or "utf-8", meta=json.loads(meta or "{}"))))
        last = rows[-1][0]
        yield batch


def _reprocess_batch(con: Any, pipeline: Pipeline, batch: list[tuple[int, Document]], report: ReprocessReport) -> None:
    rowid_of = {doc.id: rowid for rowid, doc in batch}  # the id is made from raw input + declared identity
    by_source = {doc.source: doc.id for _, doc in batch}  # a Rejection names only its source
    done, failed = pipeline.run_batch([doc for _, doc in batch])
    con.execute("BEGIN IMMEDIATE")
    try:
        for doc in done:
            _replace(con, rowid_of[doc.id], doc)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    report.failed.extend((by_source.get(r.source, r.source), r) for r in failed)
    report.reprocessed += len(done)
    report.done += len(batch)


def _replace(con: Any, rowid: int, doc: Document) -> None:
    """New derived fields, index entries and mentions for one stored document (its id stays)."""
    row = document_row(doc, 0, "")
    folded = fold(doc.text)
    sig = fingerprint.minhash_folded(folded)
    values = [row[c] for c in DERIVED]
    if con.execute("SELECT title, text FROM documents WHERE rowid = ?", (rowid,)).fetchone() != (row["title"], row["text"]):
        con.execute("DELETE FROM doc_chunks WHERE doc_rowid = ?", (rowid,))  # offsets stale: `embed` redoes them
    con.execute(f"UPDATE documents SET {', '.join(f'{c} = ?' for c in DERIVED)}, minhash = ? WHERE rowid = ?",
                [*values, sig.tobytes(), rowid])
    con.execute("UPDATE doc_facets SET lang = ?, pub_lo = ?, pub_hi = ?, types = ? WHERE rowid = ?",
                (row["lang"], row["pub_lo"], row["pub_hi"], facet_types([m.type for m in doc.mentions]), rowid))
    con.execute("DELETE FROM documents_fts WHERE rowid = ?", (rowid,))
    con.execute("INSERT INTO documents_fts (rowid, title, body) VALUES (?, ?, ?)",
                (rowid, index_text(doc.title or ""), index_text(folded, folded=True)))
    con.execute("DELETE FROM near_bands WHERE doc_rowid = ?", (rowid,))
    con.executemany("INSERT INTO near_bands (band, key, doc_rowid) VALUES (?, ?, ?)",
                    [(b, k, rowid) for b, k in enumerate(fingerprint.band_keys(sig))])
    con.execute("DELETE FROM mentions WHERE doc_rowid = ?", (rowid,))
    con.executemany(
        'INSERT INTO mentions (doc_rowid, start, "end", type, method, confidence, entity_id, attrs) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [(rowid, m.start, m.end, m.type, m.method, m.confidence, m.entity_id,
          json.dumps(m.attrs, ensure_ascii=False) if m.attrs else None) for m in doc.mentions])


def _relink(store: Any) -> bool:
    """Link every document again when the linker is installed (it replays the corrections itself;
    the replay after it is a no-op that reports what the corrections did)."""
    try:
        from .linking import relink_all
    except ImportError:  # pragma: no cover - the linker ships with newsgraph; kept for partial installs
        return False
    relink_all(store)
    return True
