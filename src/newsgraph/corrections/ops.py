"""Each correction as a function over the restored state: what it does to mentions, names, entities.

They run in log order on every replay. Entity ids in an entry are followed through the merges
made before it (an alias added to B after "merge A B" lands on A). Mention changes reach only
the documents in the replay's scope; entity rows and names are global (there are few).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..text.scripts import script_of
from .keys import NAME_TYPES, linker_key, surface_key
from .log import Correction
from .state import Mentions, RowShadow


@dataclass
class Context:
    shadow: RowShadow
    mentions: Mentions
    learned: set[str]  # ids of entities the linker learned (alias add may take their mentions)
    redirects: dict[str, tuple[str, int]] = field(default_factory=dict)  # merged-away id → (target, correction id)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (correction id, why it changed nothing)

    def resolve(self, entity_id: str | None) -> str | None:
        seen: set[str] = set()
        while entity_id in self.redirects and entity_id not in seen:
            seen.add(entity_id)
            entity_id = self.redirects[entity_id][0]
        return entity_id

    def set_name(self, entity_id: str, name: str, etype: str, **values: Any) -> None:
        """Add or update the name row (entity_id, name); `values` override its columns. The row
        becomes origin 'correction', which the linker keeps (and honours) when it re-links."""
        row = self.shadow.read("entity_names", (entity_id, name)) or {
            "entity_id": entity_id, "name": name, "lang": None, "script": script_of(name),
            "key": linker_key(name, etype), "seen": 0, "blocked": 0}
        self.shadow.write("entity_names", (entity_id, name), {**row, "origin": "correction", **values})

    def etype(self, entity_id: str, fallback: str = "MISC") -> str:
        row = self.shadow.read("entities", (entity_id,))
        return row["type"] if row else fallback


def merge(ctx: Context, c: Correction) -> None:
    """B's mentions and names go to A; B's row goes; B redirects to A from now on."""
    into, other = ctx.resolve(c.args["into"]), ctx.resolve(c.args["other"])
    if into == other or into is None or other is None:
        ctx.skipped.append((c.id, "already one entity"))
        return
    for k in ctx.mentions.of(other):
        ctx.mentions.set(k, into)
    for row in ctx.shadow.names_of(other):
        if ctx.shadow.read("entity_names", (into, row["name"])) is None:
            ctx.shadow.write("entity_names", (into, row["name"]), {**row, "entity_id": into})
        ctx.shadow.write("entity_names", (other, row["name"]), None)
    if ctx.shadow.read("entities", (other,)):
        ctx.shadow.write("entities", (other,), None)
    ctx.redirects[other] = (into, c.id)


def split(ctx: Context, c: Correction) -> None:
    """Mentions of A that carry the names and/or sit in the documents move to the new entity; the
    names move with them (and are blocked for A, so the linker sends them to the new entity)."""
    source, new_id, a = ctx.resolve(c.args["entity"]), c.args["new_id"], c.args
    keys = {surface_key(n) for n in a.get("names", [])}
    docs = set(a.get("docs", []))
    for k in ctx.mentions.of(source):
        if (not keys or ctx.mentions.surface(k) in keys) and (not docs or ctx.mentions.doc_ids[k[0]] in docs):
            ctx.mentions.set(k, new_id)
    etype = a.get("type") or ctx.etype(source)
    attrs = json.dumps({"split_from": source, "correction": c.id}, ensure_ascii=False)
    ctx.shadow.write("entities", (new_id,), {"id": new_id, "type": etype, "name": a["name"], "origin": "correction",
                                              "confidence": 1.0, "attrs": attrs})
    for name in a.get("names", []):
        old = ctx.shadow.read("entity_names", (source, name)) or {}
        ctx.set_name(new_id, name, etype, lang=old.get("lang"), blocked=0)
        ctx.set_name(source, name, etype, blocked=1)


def rename(ctx: Context, c: Correction) -> None:
    """A new canonical name (kept as a name of A too, so the linker finds it)."""
    entity_id, name = ctx.resolve(c.args["entity"]), c.args["name"]
    row = ctx.shadow.read("entities", (entity_id,))
    if row:
        ctx.shadow.write("entities", (entity_id,), {**row, "name": name})
    ctx.set_name(entity_id, name, ctx.etype(entity_id, c.args.get("type") or "MISC"), blocked=0)


def alias_add(ctx: Context, c: Correction) -> None:
    """The name is A's: future mentions link to A; existing ones that are unlinked or on a learned
    entity move to A (a pack entity's mentions are left alone: two entities may share a name)."""
    entity_id, name = ctx.resolve(c.args["entity"]), c.args["name"]
    etype = ctx.etype(entity_id, c.args.get("type") or "MISC")
    ctx.set_name(entity_id, name, etype, lang=c.args.get("lang"), blocked=0)
    movable = [k for e in (None, *sorted(ctx.learned)) for k in ctx.mentions.of(e)]
    for k in ctx.mentions.named(surface_key(name), movable):
        ctx.mentions.set(k, entity_id)


def alias_remove(ctx: Context, c: Correction) -> None:
    """The name is not A's: its mentions leave A, and the blocked row keeps the linker off it."""
    entity_id, name = ctx.resolve(c.args["entity"]), c.args["name"]
    ctx.set_name(entity_id, name, ctx.etype(entity_id, c.args.get("type") or "MISC"), blocked=1)
    for k in ctx.mentions.named(surface_key(name), ctx.mentions.of(entity_id)):
        ctx.mentions.set(k, None)


def reassign(ctx: Context, c: Correction) -> None:
    """One mention (document, start, end) to an entity, or to none."""
    a = c.args
    target = ctx.resolve(a.get("entity"))
    found = [k for k in ctx.mentions.by_span.get((a["doc"], a["start"], a["end"]), []) if k[3] in NAME_TYPES]
    for k in found:
        ctx.mentions.set(k, target)
    if not found and a["doc"] in ctx.mentions.doc_ids.values():
        ctx.skipped.append((c.id, "the mention is no longer in the document (re-processed?)"))


APPLY: dict[str, Callable[[Context, Correction], None]] = {
    "merge": merge, "split": split, "rename": rename, "alias_add": alias_add, "alias_remove": alias_remove,
    "reassign": reassign,
}
