"""The corrections log: append-only rows of (time, author, op, args), and which of them are in force.

Nothing here updates or deletes a row. Undo is itself an entry (`op = "undo"`, `args.target`);
an entry is in force unless an undo that is itself in force targets it, so undoing an undo
puts the original back (redo), and the whole history stays readable.
"""

from __future__ import annotations

import getpass
import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

ENTITY_OPS = ("merge", "split", "rename", "alias_add", "alias_remove", "reassign")
STORY_OPS = ("story_move", "story_merge", "story_split")  # applied by stories/corrections.py
OPS = (*ENTITY_OPS, *STORY_OPS, "undo")


@dataclass(frozen=True)
class Correction:
    id: int
    at: str  # UTC ISO time
    author: str
    op: str
    args: dict[str, Any]
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def default_author() -> str:
    """The OS user; containers without a passwd entry fall back to $USER, then "unknown"."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER") or "unknown"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def append(con: Any, op: str, args: dict[str, Any], author: str | None = None, note: str | None = None) -> Correction:
    """Add one entry at the end of the log (the only write this module makes)."""
    if op not in OPS:
        raise ValueError(f"unknown correction op {op!r}")
    at, who = now_iso(), author or default_author()
    cur = con.execute(
        "INSERT INTO corrections (at, author, op, args, note) VALUES (?, ?, ?, ?, ?)",
        (at, who, op, json.dumps(args, ensure_ascii=False, sort_keys=True), note),
    )
    return Correction(int(cur.lastrowid), at, who, op, args, note)


def entries(con: Any) -> list[Correction]:
    """The whole log, oldest first."""
    rows = con.execute("SELECT id, at, author, op, args, note FROM corrections ORDER BY id").fetchall()
    return [Correction(i, at, who, op, json.loads(args), note) for i, at, who, op, args, note in rows]


def in_force(log: list[Correction]) -> dict[int, bool]:
    """id → whether the entry is in force. An undo only targets earlier entries, so walking from the
    newest entry back decides every undo before the entries it targets."""
    active: dict[int, bool] = {}
    undone: set[int] = set()
    for c in reversed(log):
        active[c.id] = c.id not in undone
        if c.op == "undo" and active[c.id]:
            undone.add(int(c.args["target"]))
    return active


def active_changes(log: list[Correction], ops: tuple[str, ...] = ENTITY_OPS) -> list[Correction]:
    """The entries of these ops (entity changes by default) in force, oldest first."""
    active = in_force(log)
    return [c for c in log if c.op in ops and active[c.id]]
