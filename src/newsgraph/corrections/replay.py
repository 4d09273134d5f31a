"""replay(): put the linker's state back and apply every correction in force, in log order.

The linker calls it at the end of every batch (for that batch's documents); reprocess and each
new correction call it for all documents. Running it twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .log import active_changes, entries
from .ops import APPLY, Context
from .state import Mentions, RowShadow


@dataclass
class ReplayReport:
    applied: int = 0  # corrections in force
    mentions_changed: int = 0  # mentions whose entity differs from before this replay
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (correction id, why it changed nothing)

    def to_dict(self) -> dict[str, Any]:
        return {"applied": self.applied, "mentions_changed": self.mentions_changed,
                "skipped": [{"correction": i, "reason": r} for i, r in self.skipped]}


@contextmanager
def transaction(con: Any) -> Iterator[None]:
    """One transaction, or the caller's when it already holds one (the linker's batch)."""
    if con.in_transaction:
        yield
        return
    con.execute("BEGIN IMMEDIATE")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def replay(con: Any, doc_rowids: Sequence[int] | None = None) -> ReplayReport:
    """Re-apply the log to the mentions of these documents (all when None) and to the entity tables."""
    if con.execute("SELECT 1 FROM corrections LIMIT 1").fetchone() is None:
        return ReplayReport()  # nothing was ever corrected: the linker's state stands
    scope = None if doc_rowids is None else list(doc_rowids)
    with transaction(con):
        log = active_changes(entries(con))
        shadow = RowShadow(con)
        shadow.restore()
        mentions = Mentions.load(con, scope)
        learned = {r[0] for r in con.execute("SELECT id FROM entities WHERE origin = 'learned'")}
        ctx = Context(shadow, mentions, learned)
        for c in log:
            APPLY[c.op](ctx, c)
        shadow.save()
        changed = mentions.save()
        _write_redirects(con, ctx)
    return ReplayReport(len(log), changed, ctx.skipped)


def _write_redirects(con: Any, ctx: Context) -> None:
    con.execute("DELETE FROM entity_redirects")
    con.executemany(
        "INSERT INTO entity_redirects (from_id, to_id, correction_id) VALUES (?, ?, ?)",
        [(src, ctx.resolve(src), cid) for src, (_, cid) in sorted(ctx.redirects.items())],
    )


def redirect_of(con: Any, entity_id: str) -> tuple[str, int] | None:
    """(entity it was merged into, the merge's correction id) for a merged-away id, else None."""
    r = con.execute("SELECT to_id, correction_id FROM entity_redirects WHERE from_id = ?", (entity_id,)).fetchone()
    return (r[0], int(r[1])) if r else None
