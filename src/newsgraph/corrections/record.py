"""Record a correction: check it against the store, append it to the log, replay — in one transaction.

A bad correction (an unknown entity, merging an entity with itself, a mention that does not exist,
an id that was merged away) is refused with a NewsgraphError before anything is written, so the log
holds only corrections that made sense when they were made.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import NotFound, UsageError
from ..packs import find_entity, load_packs
from .keys import NAME_TYPES, slug, surface_key
from .log import ENTITY_OPS, STORY_OPS, Correction, append, entries, in_force
from .replay import ReplayReport, redirect_of, replay, transaction


@dataclass(frozen=True)
class Applied:
    correction: Correction
    replay: ReplayReport

    def to_dict(self) -> dict[str, Any]:
        return {"correction": self.correction.to_dict(), "replay": self.replay.to_dict()}


def _record(con: Any, op: str, args: dict[str, Any], author: str | None, note: str | None) -> Applied:
    c = append(con, op, args, author, note)
    return Applied(c, replay(con))


# -- what exists ------------------------------------------------------------------------------------
def pack_type(entity_id: str) -> str | None:
    """The mention type of a pack entity (people, institutions, filled pattern institutions); None if unknown."""
    found = find_entity(load_packs(), entity_id)
    return found.type if found else None


def entity_type(con: Any, entity_id: str) -> str | None:
    """The entity's type from the entity table, a pack, or its mentions; None: no such entity."""
    r = con.execute("SELECT type FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if r:
        return r[0]
    found = pack_type(entity_id)
    if found:
        return found
    types = Counter(t for (t,) in con.execute("SELECT type FROM mentions WHERE entity_id = ?", (entity_id,)))
    return types.most_common(1)[0][0] if types else None


def check_entity(con: Any, entity_id: str) -> str:
    """The entity's type; refuses a merged-away id (naming where it went) and an unknown one."""
    moved = redirect_of(con, entity_id)
    if moved:
        raise UsageError(f"entity {entity_id!r} was merged into {moved[0]!r} (correction #{moved[1]})",
                         hint=f"use {moved[0]}, or undo correction #{moved[1]}")
    etype = entity_type(con, entity_id)
    if etype is None:
        raise NotFound(f"no entity with id {entity_id!r}",
                       hint="ids are pack ids (luong-cuong) or linked ids (per:...); see `newsgraph entity ID`")
    return etype


def resolve_doc(con: Any, doc_id: str) -> tuple[int, str]:
    """(rowid, full id) of a document by id or unique id prefix (4 characters or more)."""
    rows = con.execute("SELECT rowid, id FROM documents WHERE id = ?", (doc_id,)).fetchall()
    if not rows and len(doc_id) >= 4:
        rows = con.execute("SELECT rowid, id FROM documents WHERE id >= ? AND id < ? LIMIT 2",
                           (doc_id, doc_id + "\uffff")).fetchall()
        if len(rows) > 1:
            raise UsageError(f"document id prefix {doc_id!r} is ambiguous", hint="give more characters")
    if not rows:
        raise NotFound(f"no document with id {doc_id!r}", hint="see `newsgraph docs`")
    return int(rows[0][0]), str(rows[0][1])


def _name(name: str, what: str = "name") -> str:
    name = " ".join(name.split())
    if not name:
        raise UsageError(f"the {what} is empty")
    return name


# -- the operations -----------------------------------------------------------------------------------
def merge(con: Any, into: str, other: str, author: str | None = None, note: str | None = None) -> Applied:
    """Merge B (`other`) into A (`into`): B's mentions and names go to A; B redirects to A."""
    if into == other:
        raise UsageError(f"cannot merge {into!r} with itself", hint="give two different entity ids")
    with transaction(con):
        ta, tb = check_entity(con, into), check_entity(con, other)
        if ta != tb:
            raise UsageError(f"{into!r} is {ta} and {other!r} is {tb}: only entities of one type merge",
                             hint="reassign single mentions with `newsgraph entity reassign`")
        return _record(con, "merge", {"into": into, "other": other}, author, note)


def split(con: Any, entity_id: str, names: Sequence[str] = (), docs: Sequence[str] = (), new_id: str | None = None,
          author: str | None = None, note: str | None = None) -> Applied:
    """Move the mentions of A that carry these names and/or sit in these documents to a new entity."""
    names = [_name(n) for n in names]
    if not names and not docs:
        raise UsageError("split needs --name and/or --doc", hint="e.g. newsgraph entity split per:x --name 'Trần Văn B'")
    with transaction(con):
        etype = check_entity(con, entity_id)
        doc_ids = [resolve_doc(con, d)[1] for d in docs]
        moving = _split_mentions(con, entity_id, names, doc_ids)
        if not moving:
            raise UsageError(f"no mention of {entity_id!r} carries those names in those documents",
                             hint=f"see `newsgraph entity {entity_id}` for its names and documents")
        label = names[0] if names else Counter(moving).most_common(1)[0][0]
        new_id = new_id or _fresh_id(con, etype, label)
        if new_id == entity_id or entity_type(con, new_id) is not None or redirect_of(con, new_id):
            raise UsageError(f"entity id {new_id!r} is taken", hint="choose another --new-id")
        args = {"entity": entity_id, "names": names, "docs": doc_ids, "new_id": new_id, "name": label, "type": etype}
        return _record(con, "split", args, author, note)


def _split_mentions(con: Any, entity_id: str, names: Sequence[str], doc_ids: Sequence[str]) -> list[str]:
    """Surface forms of the mentions a split would move."""
    keys, docs = {surface_key(n) for n in names}, set(doc_ids)
    rows = con.execute('SELECT d.id, d.text, m.start, m."end" FROM mentions m JOIN documents d ON d.rowid = m.doc_rowid '
                       "WHERE m.entity_id = ?", (entity_id,)).fetchall()
    return [t[s:e] for d, t, s, e in rows
            if (not keys or surface_key(t[s:e]) in keys) and (not docs or d in docs)]


def _fresh_id(con: Any, etype: str, label: str) -> str:
    """`per:tran-van-b`, or `per:tran-van-b-2` … when taken (by an entity or by an earlier split)."""
    used = {c.args.get("new_id") for c in entries(con) if c.op == "split"}
    base = f"{etype.lower()}:{slug(label)}"
    n, candidate = 1, base
    while candidate in used or entity_type(con, candidate) is not None or redirect_of(con, candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def rename(con: Any, entity_id: str, name: str, author: str | None = None, note: str | None = None) -> Applied:
    """Give A a new canonical name."""
    name = _name(name)
    with transaction(con):
        etype = check_entity(con, entity_id)
        return _record(con, "rename", {"entity": entity_id, "name": name, "type": etype}, author, note)


def alias_add(con: Any, entity_id: str, name: str, lang: str | None = None, author: str | None = None,
              note: str | None = None) -> Applied:
    """This name is A's: future mentions link to A, unlinked or learned-entity mentions move to A."""
    name = _name(name)
    with transaction(con):
        etype = check_entity(con, entity_id)
        args = {"entity": entity_id, "name": name, "lang": lang, "type": etype}
        return _record(con, "alias_add", args, author, note)


def alias_remove(con: Any, entity_id: str, name: str, author: str | None = None, note: str | None = None) -> Applied:
    """This name is not A's: its mentions leave A and the linker never puts it back."""
    name = _name(name)
    with transaction(con):
        etype = check_entity(con, entity_id)
        return _record(con, "alias_remove", {"entity": entity_id, "name": name, "type": etype}, author, note)


def reassign(con: Any, doc_id: str, start: int, end: int, entity_id: str | None, author: str | None = None,
             note: str | None = None) -> Applied:
    """Link one mention (document, start, end) to an entity, or to none (`entity_id=None`)."""
    with transaction(con):
        rowid, full_id = resolve_doc(con, doc_id)
        types = ",".join(f"'{t}'" for t in NAME_TYPES)
        if not con.execute(f'SELECT 1 FROM mentions WHERE doc_rowid = ? AND start = ? AND "end" = ? AND type IN ({types})',
                           (rowid, start, end)).fetchone():
            raise NotFound(f"no mention at {start}:{end} in document {full_id}",
                           hint=f"see the mentions with `newsgraph show {full_id} --json`")
        if entity_id is not None:
            check_entity(con, entity_id)
        args = {"doc": full_id, "start": start, "end": end, "entity": entity_id}
        return _record(con, "reassign", args, author, note)


def undo(con: Any, correction_id: int | None = None, author: str | None = None, note: str | None = None) -> Applied:
    """Append an entry that takes a correction out of force (the last one in force by default).
    Undoing an undo puts its target back."""
    with transaction(con):
        correction_id = undo_target(entries(con), correction_id, ENTITY_OPS)
        return _record(con, "undo", {"target": correction_id}, author, note)


def undo_target(log: list[Correction], correction_id: int | None, ops: tuple[str, ...]) -> int:
    """The entry an undo takes out of force: the given one (an entry of `ops`, or an undo of one, still
    in force), else the last of `ops` in force."""
    active, by_id = in_force(log), {c.id: c for c in log}
    if correction_id is None:
        todo = [c.id for c in log if c.op in ops and active[c.id]]
        if not todo:
            raise UsageError("nothing to undo: no correction is in force")
        return todo[-1]
    c = by_id.get(correction_id)
    while c is not None and c.op == "undo":
        c = by_id.get(int(c.args["target"]))
    if correction_id not in active or c is None:
        raise NotFound(f"no correction #{correction_id}", hint="see `newsgraph entity log`")
    if c.op not in ops:
        other = "story" if c.op in STORY_OPS else "entity"
        raise UsageError(f"correction #{correction_id} is a{'n' if other == 'entity' else ''} {other} correction",
                         hint=f"use `newsgraph {other} undo {correction_id}`")
    if not active[correction_id]:
        raise UsageError(f"correction #{correction_id} is already undone", hint="undo the undo entry to put it back")
    return correction_id
