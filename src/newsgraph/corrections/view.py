"""An entity as corrected: a merged-away id shows where it went, renames and aliases show as names.

`entities.entity_record` builds a record from packs and mentions; corrections already moved the
mentions, and this adds what mentions cannot say: the canonical name a rename gave, names added
(seen 0 until a document uses them) and names removed (blocked) — read from the log and the
`entity_names` table, never from a second copy.
"""

from __future__ import annotations

from typing import Any

from ..entities import entity_record
from ..errors import NotFound
from ..store.base import Store
from ..text.scripts import script_of
from .keys import surface_key
from .log import active_changes, entries
from .replay import redirect_of


def corrected_record(store: Store, entity_id: str, documents_limit: int | None = None) -> dict[str, Any]:
    """entity_record() with corrections shown; a merged-away id gives its target, with `redirected_from`."""
    con = store.con  # type: ignore[attr-defined]
    moved = redirect_of(con, entity_id)
    target = moved[0] if moved else entity_id
    rec = _base_record(store, con, target, documents_limit)
    name = _renamed(con, target)
    if name:
        rec["name"] = name
    _overlay_names(con, rec)
    if moved:
        rec["redirected_from"] = {"id": entity_id, "correction": moved[1]}
    return rec


def _base_record(store: Store, con: Any, entity_id: str, documents_limit: int | None) -> dict[str, Any]:
    try:
        return entity_record(store, entity_id, documents_limit=documents_limit)
    except NotFound:
        row = con.execute("SELECT type, name FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if not row:
            raise
        return {"id": entity_id, "type": row[0], "name": row[1], "aliases": [], "roles": [], "roles_from_text": [],
                "documents": [], "documents_total": 0, "mentions_total": 0, "mentions_by_lang": {}, "co_mentioned": []}


def _renamed(con: Any, entity_id: str) -> str | None:
    """The last rename in force of this entity (or of one merged into it), or a split's name."""
    name = None
    for c in active_changes(entries(con)):
        if c.op == "rename" and _target(con, c.args["entity"]) == entity_id:
            name = c.args["name"]
        if c.op == "split" and c.args["new_id"] == entity_id:
            name = name or c.args["name"]
    return name


def _target(con: Any, entity_id: str) -> str:
    moved = redirect_of(con, entity_id)
    return moved[0] if moved else entity_id


def _overlay_names(con: Any, rec: dict[str, Any]) -> None:
    rows = con.execute("SELECT name, lang, blocked FROM entity_names WHERE entity_id = ? AND (blocked = 1 OR origin = 'correction')",
                       (rec["id"],)).fetchall()
    blocked = {surface_key(n) for n, _, b in rows if b}
    rec["aliases"] = [a for a in rec["aliases"] if surface_key(a["name"]) not in blocked]
    have = {a["name"] for a in rec["aliases"]}
    for n, lang, b in rows:
        if not b and n not in have:
            rec["aliases"].append({"name": n, "lang": lang or "?", "script": script_of(n), "seen": 0})
    rec["blocked_names"] = sorted(n for n, _, b in rows if b)
