"""What replay works on: the linker's state, restored from the shadow tables, with corrections on top.

Before corrections change a row they note the linker's value (`base`); after replay they note
what they wrote (`final`). On the next replay a row whose current value is no longer `final`
was rewritten by the linker (a re-link, a re-ingest, a reprocess): its current value becomes the
new base. Then every base is put back and the log in force is applied again — so replaying is
idempotent, undo needs no inverse operation, and a re-run never loses or doubles a correction.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .keys import NAME_TYPES, surface_key

KEYS = {"entities": ("id",), "entity_names": ("entity_id", "name")}
Row = dict[str, Any]


def _scope_sql(doc_rowids: Sequence[int] | None, col: str = "doc_rowid") -> tuple[str, list[int]]:
    if doc_rowids is None:
        return "1=1", []
    return f"{col} IN ({','.join('?' * len(doc_rowids))})", list(doc_rowids)


class RowShadow:
    """Entity rows and entity names changed by corrections, with the linker's version of each."""

    def __init__(self, con: Any):
        self.con = con
        self.base: dict[tuple[str, str], Row | None] = {}
        # every column, whatever the linker's migrations added (first_seen, ...): a row put back is whole
        self.columns = {t: tuple(r[1] for r in con.execute(f"PRAGMA table_info({t})")) for t in KEYS}

    def read(self, tbl: str, key: Sequence[Any]) -> Row | None:
        cols, kcols = self.columns[tbl], KEYS[tbl]
        where = " AND ".join(f"{k} = ?" for k in kcols)
        r = self.con.execute(f"SELECT {', '.join(cols)} FROM {tbl} WHERE {where}", list(key)).fetchone()
        return dict(zip(cols, r, strict=True)) if r else None

    def write(self, tbl: str, key: Sequence[Any], row: Row | None) -> None:
        """Set a row (noting the linker's version first); None deletes it."""
        k = (tbl, json.dumps(list(key), ensure_ascii=False))
        if k not in self.base:
            self.base[k] = self.read(tbl, key)
        self._put(tbl, key, row)

    def _put(self, tbl: str, key: Sequence[Any], row: Row | None) -> None:
        where = " AND ".join(f"{c} = ?" for c in KEYS[tbl])
        self.con.execute(f"DELETE FROM {tbl} WHERE {where}", list(key))
        if row is not None:
            cols = self.columns[tbl]
            self.con.execute(f"INSERT INTO {tbl} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                             [row.get(c) for c in cols])

    def restore(self) -> None:
        """Put the linker's rows back (taking the linker's newer row where it rewrote ours)."""
        rows = self.con.execute("SELECT tbl, key, base, final FROM correction_rows").fetchall()
        for tbl, key, base, final in rows:
            current = self.read(tbl, json.loads(key))
            ours = current == (json.loads(final) if final else None) or (current or {}).get("origin") == "correction"
            linker = (json.loads(base) if base else None) if ours else current
            self._put(tbl, json.loads(key), linker)
            self.base[(tbl, key)] = linker
        self.con.execute("DELETE FROM correction_rows")

    def save(self) -> None:
        """Note, for every row corrections touched, the linker's version and the one they left."""
        for (tbl, key), base in self.base.items():
            final = self.read(tbl, json.loads(key))
            if final != base:
                self.con.execute(
                    "INSERT INTO correction_rows (tbl, key, base, final) VALUES (?, ?, ?, ?)",
                    (tbl, key, json.dumps(base, ensure_ascii=False) if base else None,
                     json.dumps(final, ensure_ascii=False) if final else None),
                )

    # -- what ops need -------------------------------------------------------------------------
    def names_of(self, entity_id: str) -> list[Row]:
        cols = self.columns["entity_names"]
        rows = self.con.execute(f"SELECT {', '.join(cols)} FROM entity_names WHERE entity_id = ? ORDER BY name",
                                (entity_id,)).fetchall()
        return [dict(zip(cols, r, strict=True)) for r in rows]


MentionKey = tuple[int, int, int, str]  # doc_rowid, start, end, type


@dataclass
class Mentions:
    """The linkable mentions of the documents in scope: entity ids (indexed by entity), and surface
    name keys (computed in one streaming pass over the texts, the first time an op needs one)."""

    con: Any
    scope: tuple[str, list[int]]  # SQL condition on documents.rowid, and its parameters
    entity: dict[MentionKey, str | None] = field(default_factory=dict)
    before: dict[MentionKey, str | None] = field(default_factory=dict)  # as stored before this replay
    base: dict[MentionKey, str | None] = field(default_factory=dict)  # the linker's value
    doc_ids: dict[int, str] = field(default_factory=dict)
    by_entity: dict[str | None, set[MentionKey]] = field(default_factory=lambda: defaultdict(set))
    by_span: dict[tuple[str, int, int], list[MentionKey]] = field(default_factory=lambda: defaultdict(list))
    _names: dict[MentionKey, str] | None = None

    @classmethod
    def load(cls, con: Any, doc_rowids: Sequence[int] | None) -> Mentions:
        st = cls(con, _scope_sql(doc_rowids, "rowid"))
        where, params = _scope_sql(doc_rowids, "m.doc_rowid")
        types = ",".join(f"'{t}'" for t in NAME_TYPES)
        rows = con.execute(
            f"""SELECT m.doc_rowid, m.start, m."end", m.type, m.entity_id, d.id FROM mentions m
                JOIN documents d ON d.rowid = m.doc_rowid
                WHERE {where} AND (m.type IN ({types}) OR m.entity_id IS NOT NULL)""", params).fetchall()
        for rowid, s, e, t, ent, doc_id in rows:
            st.entity[(rowid, s, e, t)] = ent
            st.doc_ids[rowid] = doc_id
            st.by_span[(doc_id, s, e)].append((rowid, s, e, t))
        st.before = dict(st.entity)
        st._restore(doc_rowids)
        st.base = dict(st.entity)
        for k, ent in st.entity.items():
            st.by_entity[ent].add(k)
        return st

    def _restore(self, doc_rowids: Sequence[int] | None) -> None:
        """Linker values back: ours where they survived, the linker's newer ones where it re-linked.
        Shadows name documents by id, so a document stored again under a new rowid keeps its own."""
        rowid_of = {doc_id: rowid for rowid, doc_id in self.doc_ids.items()}
        where, params = "1=1", []
        if doc_rowids is not None:
            where, params = self.scope
            where = f"doc_id IN (SELECT id FROM documents WHERE {where})"
        for doc_id, s, e, t, base, final in self.con.execute(
            f'SELECT doc_id, start, "end", type, base_entity, entity FROM correction_mentions WHERE {where}', params
        ).fetchall():
            k = (rowid_of.get(doc_id, -1), s, e, t)
            if k in self.entity and self.entity[k] == final:
                self.entity[k] = base
        self.con.execute(f"DELETE FROM correction_mentions WHERE {where}", params)

    def set(self, k: MentionKey, entity_id: str | None) -> None:
        self.by_entity[self.entity[k]].discard(k)
        self.entity[k] = entity_id
        self.by_entity[entity_id].add(k)

    def of(self, entity_id: str | None) -> list[MentionKey]:
        return sorted(self.by_entity.get(entity_id, ()))

    def surface(self, k: MentionKey) -> str:
        return self._surface_keys()[k]

    def _surface_keys(self) -> dict[MentionKey, str]:
        if self._names is None:
            by_doc: dict[int, list[MentionKey]] = defaultdict(list)
            for k in self.entity:
                by_doc[k[0]].append(k)
            self._names = {}
            where, params = self.scope
            for rowid, text in self.con.execute(f"SELECT rowid, text FROM documents WHERE {where}", params):
                for k in by_doc.get(rowid, ()):
                    self._names[k] = surface_key(text[k[1] : k[2]])
        return self._names

    def named(self, key: str, keys: Iterable[MentionKey]) -> list[MentionKey]:
        """Those of `keys` that are linkable names whose surface has this name key."""
        return [k for k in keys if k[3] in NAME_TYPES and self.surface(k) == key]

    def save(self) -> int:
        """Write what changed since load; note linker values of corrected mentions. Returns the count
        of mentions whose entity differs from before this replay."""
        changed = [(e, *k) for k, e in self.entity.items() if e != self.before[k]]
        self.con.executemany(
            'UPDATE mentions SET entity_id = ? WHERE doc_rowid = ? AND start = ? AND "end" = ? AND type = ?', changed)
        self.con.executemany(
            'INSERT INTO correction_mentions (doc_id, start, "end", type, base_entity, entity) VALUES (?, ?, ?, ?, ?, ?)',
            [(self.doc_ids[k[0]], *k[1:], self.base[k], e) for k, e in self.entity.items() if e != self.base[k]])
        return len(changed)
