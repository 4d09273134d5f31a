"""The packs' entities as the linker sees them: their names by match key, their posts, their origin.

Built once per process per set of packs (as the gazetteer's matcher), so a name no gazetteer
pattern caught ("فام فان هاو" spelled with another vowel, "Путин" for a pack's Putin) can still
link to the pack entity through a transliteration or phonetic key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..packs import WORLD, Pack, pattern_institutions
from ..text.scripts import script_of
from .keys import name_keys, words

TYPES = {"ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC", "MISC": "MISC"}


@dataclass(frozen=True)
class Candidate:
    """One name of one entity that a key reached."""

    entity_id: str
    type: str
    name: str
    kind: str  # fold | translit | phonetic
    origin: str  # pack:<name> | learned


@dataclass
class PackEntity:
    id: str
    type: str
    name: str
    origin: str
    names: list[tuple[str, str]]  # (lang, name)
    posts: list[tuple[set[str], str | None, str | None]] = field(default_factory=list)  # (post ids, start, end)


@dataclass
class PackIndex:
    entities: dict[str, PackEntity] = field(default_factory=dict)
    keys: dict[tuple[str, str], list[Candidate]] = field(default_factory=dict)  # ("kind:key", type) → names
    generic: dict[str, str] = field(default_factory=dict)  # post id → its wider post

    def add(self, entity: PackEntity) -> None:
        self.entities.setdefault(entity.id, entity)
        entity.names[:] = list(dict.fromkeys(entity.names))
        for _, name in entity.names:
            if not indexable(name, entity.type):
                continue
            for kind, key in name_keys(name, entity.type):
                cands = self.keys.setdefault((f"{kind}:{key}", entity.type), [])
                cand = Candidate(entity.id, entity.type, name, kind, entity.origin)
                if cand not in cands:
                    cands.append(cand)

    def posts_of(self, post_ids: set[str]) -> set[str]:
        """Post ids with the wider posts they specialise (a minister of X is a minister)."""
        return post_ids | {self.generic[p] for p in post_ids if p in self.generic}


def indexable(name: str, type: str) -> bool:
    """Can this name stand for its entity on its own? A person's one-word name cannot (a surname
    or given name is shared by many people), unless it is written in Han (梁强 is a full name)."""
    return type != "PER" or len(words(name)) >= 2


def _first_name(names: dict[str, list[str]], first: str = "vi") -> str:
    """The canonical name: the first in `first` (a pack's own language), else English, else any."""
    return next(iter(names.get(first) or names.get("en") or next(iter(names.values()))))


def _flat(table: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(lang, n) for lang, ns in table.items() for n in ns]


_CACHE: dict[tuple[tuple[str, str], ...], PackIndex] = {}


def pack_index(packs: Sequence[Pack]) -> PackIndex:
    """The index for these packs, built once per process."""
    key = tuple((p.name, str(p.path)) for p in packs)
    if key not in _CACHE:
        _CACHE[key] = _build(packs)
    return _CACHE[key]


def _build(packs: Sequence[Pack]) -> PackIndex:
    index = PackIndex()
    inst_type = {i.id: TYPES[i.type] for p in packs for i in p.institutions.values()}
    for pack in packs:
        origin = f"pack:{pack.name}"
        index.generic.update({p.id: p.generic for p in pack.posts.values() if p.generic})
        for person in pack.people.values():
            posts = [({h.title}, h.start, None if h.end in (None, "unknown") else h.end) for h in person.posts]
            index.add(PackEntity(person.id, "PER", _first_name(person.names), origin, _flat(person.names), posts))
        for inst in pack.institutions.values():
            if inst.pattern:
                continue
            names = _flat(inst.names) + _flat(inst.acronyms)
            first = "en" if pack.name == WORLD else "vi"  # a country of the world pack: "Japan"
            index.add(PackEntity(inst.id, inst_type[inst.id], _first_name(inst.names, first), origin, names))
    for filled in pattern_institutions(packs).values():  # "<pattern>@<place>", one per place
        inst = filled.institution
        index.add(PackEntity(inst.id, TYPES[inst.type], _first_name(inst.names), f"pack:{filled.pack}",
                             _flat(inst.names)))
    for pack in packs:
        for acr in pack.acronyms:
            found = index.entities.get(acr.institution)
            if found:
                found.names.extend(_flat(acr.forms))
                index.add(found)
    return index


def describe(index: PackIndex, entity_id: str) -> dict[str, Any] | None:
    """Type, canonical name, origin and names (lang, script) of a pack entity, or None."""
    e = index.entities.get(entity_id)
    if e is None:
        return None
    return {"type": e.type, "name": e.name, "origin": e.origin,
            "names": [(lang, n, script_of(n)) for lang, n in e.names]}
