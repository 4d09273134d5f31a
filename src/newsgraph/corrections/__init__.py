"""Analysts' corrections to entities (merge, split, rename, alias add/remove, mention reassignment).

They live in an append-only log (table `corrections`, `log.py`) and are re-applied after every
linking pass (`replay`), so re-ingesting or re-processing never loses one. Recording checks the
correction against the store and replays at once (`record.py`); `view.py` shows an entity as
corrected (redirects, renamed names, blocked aliases).

    from newsgraph.corrections import merge, replay
    merge(store.con, "per:tran-van-minh", "per:tran-van-minh-2", author="ana")
    replay(store.con, doc_rowids)        # the linker, after each batch
"""

from __future__ import annotations

from .log import Correction, default_author, entries, in_force
from .record import Applied, alias_add, alias_remove, merge, reassign, rename, split, undo
from .replay import ReplayReport, redirect_of, replay

__all__ = [
    "Applied", "Correction", "ReplayReport", "alias_add", "alias_remove", "default_author", "entries", "in_force",
    "merge", "reassign", "redirect_of", "rename", "replay", "split", "undo",
]
