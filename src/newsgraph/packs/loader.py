"""Find, read and validate domain packs; index their names; answer "who held this post on D".

A pack is a folder of TOML files (format: `data/README.md`). The code knows no names:
adding a folder under `data/` (or passing `extra_dirs`) adds a pack.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from ..model.period import bounds
from ..text.normalise import fold
from .schema import ENTRY_FILES, Acronym, Institution, PackError, PackMeta, Person, Post, PostHeld

DATA_DIR = Path(__file__).with_name("data")
COUNTRIES_FILE = DATA_DIR.parents[1] / "data" / "geo" / "countries.toml"  # ids a pack's `country` may take
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")  # a title shaped like this must be a post id


@dataclass(frozen=True)
class Pack:
    name: str
    path: Path
    meta: PackMeta
    institutions: Mapping[str, Institution]
    people: Mapping[str, Person]
    posts: Mapping[str, Post]
    acronyms: tuple[Acronym, ...]
    _raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def raw(self, file: str) -> dict[str, Any]:
        """The parsed TOML of any file in the pack (e.g. "docrefs.toml"); {} when absent."""
        if file not in self._raw:
            path = self.path / file
            self._raw[file] = _read_toml(path) if path.is_file() else {}
        return self._raw[file]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise PackError(f"{path}: TOML syntax error: {e}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise PackError(f"{path}: cannot read: {e}") from None


def _entry_label(key: str, index: int, item: Any) -> str:
    ident = item.get("id") or item.get("institution") if isinstance(item, dict) else None
    return f"[[{key}]] #{index + 1}" + (f" ({ident})" if ident else "")


def _validation_text(e: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in err['loc']) or '(entry)'}: {err['msg']}" for err in e.errors()
    )


def _parse_entries(path: Path, key: str, model: type[Any]) -> list[Any]:
    data = _read_toml(path) if path.is_file() else {}
    unknown = set(data) - {key}
    if unknown:
        raise PackError(f"{path}: unknown top-level key(s) {sorted(unknown)}; expected [[{key}]]")
    items = data.get(key, [])
    if not isinstance(items, list):
        raise PackError(f"{path}: {key!r} must be an array of tables ([[{key}]])")
    out = []
    for i, item in enumerate(items):
        try:
            out.append(model.model_validate(item))
        except ValidationError as e:
            raise PackError(f"{path}: {_entry_label(key, i, item)}: {_validation_text(e)}") from None
    return out


def _by_id(path: Path, entries: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for e in entries:
        if e.id in out:
            raise PackError(f"{path}: duplicate id {e.id!r}")
        out[e.id] = e
    return out


def _read_pack(path: Path) -> Pack:
    meta_file = path / "pack.toml"
    if not meta_file.is_file():
        raise PackError(f"{path}: not a pack (no pack.toml)")
    try:
        meta = PackMeta.model_validate(_read_toml(meta_file))
    except ValidationError as e:
        raise PackError(f"{meta_file}: {_validation_text(e)}") from None
    if meta.country is not None and meta.country not in country_ids():
        raise PackError(f"{meta_file}: country: unknown country id {meta.country!r} (not in {COUNTRIES_FILE.name})")
    parsed = {
        file: _parse_entries(path / file, key, model) for file, (key, model) in ENTRY_FILES.items()
    }
    return Pack(
        name=meta.name,
        path=path,
        meta=meta,
        institutions=_by_id(path / "institutions.toml", parsed["institutions.toml"]),
        people=_by_id(path / "people.toml", parsed["people.toml"]),
        posts=_by_id(path / "posts.toml", parsed["posts.toml"]),
        acronyms=tuple(parsed["acronyms.toml"]),
    )


@functools.lru_cache(maxsize=1)
def country_ids() -> frozenset[str]:
    """The country ids a pack's `country` may name (data/geo/countries.toml)."""
    return frozenset(c["id"] for c in _read_toml(COUNTRIES_FILE).get("country", []))


def _check_references(pack: Pack, available: Mapping[str, Pack]) -> None:
    """Every org/parent/place/institution named must exist (here or in a required pack); every source declared."""
    insts = dict(pack.institutions)
    posts = dict(pack.posts)
    for req in pack.meta.requires:
        if req not in available:
            raise PackError(f"{pack.path / 'pack.toml'}: requires unknown pack {req!r}")
        insts.update(available[req].institutions)
        posts.update(available[req].posts)
    sources = {s.id for s in pack.meta.sources}

    def need(file: str, where: str, what: str, value: str | None, pool: Iterable[str]) -> None:
        if value is not None and value not in pool:
            raise PackError(f"{pack.path / file}: {where}: unknown {what} {value!r}")

    for i in pack.institutions.values():
        where = f"[[institution]] {i.id}"
        need("institutions.toml", where, "parent institution", i.parent, insts)
        need("institutions.toml", where, "source", i.source, sources)
    for p in pack.posts.values():
        where = f"[[post]] {p.id}"
        need("posts.toml", where, "institution", p.org, insts)
        need("posts.toml", where, "generic post", p.generic, pack.posts)
        need("posts.toml", where, "source", p.source, sources)
    for a in pack.acronyms:
        where = f"[[acronym]] {a.institution}"
        need("acronyms.toml", where, "institution", a.institution, insts)
        need("acronyms.toml", where, "source", a.source, sources)
    for person in pack.people.values():
        for n, held in enumerate(person.posts, 1):
            where = f"[[person]] {person.id}, post #{n} ({held.title})"
            need("people.toml", where, "institution", held.org, insts)
            need("people.toml", where, "place", held.place, insts)
            need("people.toml", where, "source", held.source, sources)
            if _SLUG.match(held.title):
                need("people.toml", where, "post id", held.title, posts)
            org = held.org or (posts[held.title].org if held.title in posts else None)
            if org in insts and insts[org].pattern and held.place is None:
                raise PackError(f"{pack.path / 'people.toml'}: {where}: {org!r} is a pattern; give `place`")
            if held.end not in (None, "unknown") and bounds(held.end)[1] < bounds(held.start)[0]:
                raise PackError(f"{pack.path / 'people.toml'}: {where}: ends {held.end} before it starts {held.start}")


def _discover(extra_dirs: Sequence[Path]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for root in (DATA_DIR, *extra_dirs):
        root = Path(root)
        if not root.is_dir():
            raise PackError(f"{root}: pack folder not found")
        candidates = [root] if (root / "pack.toml").is_file() else sorted(p for p in root.iterdir() if p.is_dir())
        for d in candidates:
            if (d / "pack.toml").is_file():
                name = _read_toml(d / "pack.toml").get("name", d.name)
                if name in found and found[name] != d:
                    raise PackError(f"{d}: pack name {name!r} already used by {found[name]}")
                found[name] = d
    return found


@functools.lru_cache(maxsize=16)
def _load(names: tuple[str, ...] | None, extra_dirs: tuple[Path, ...]) -> tuple[Pack, ...]:
    found = _discover(extra_dirs)
    wanted = list(found) if names is None else list(names)
    loaded: dict[str, Pack] = {}
    queue: list[tuple[str, Path | None]] = [(n, None) for n in wanted]
    while queue:  # pull in required packs so references can be checked
        name, wanted_by = queue.pop(0)
        if name in loaded:
            continue
        if name not in found:
            where = f"{wanted_by}: requires " if wanted_by else ""
            raise PackError(f"{where}unknown pack {name!r}; found: {', '.join(sorted(found)) or 'none'}")
        loaded[name] = _read_pack(found[name])
        queue.extend((r, found[name] / "pack.toml") for r in loaded[name].meta.requires)
    for pack in loaded.values():
        _check_references(pack, loaded)
    _check_unique_ids(loaded.values())
    return tuple(loaded[n] for n in dict.fromkeys([*wanted, *loaded]))


def _check_unique_ids(packs: Iterable[Pack]) -> None:
    seen: dict[tuple[str, str], str] = {}
    for pack in packs:
        for kind, ids in (("institution", pack.institutions), ("person", pack.people), ("post", pack.posts)):
            for i in ids:
                if (kind, i) in seen:
                    raise PackError(f"{pack.path}: {kind} id {i!r} is also defined by pack {seen[kind, i]!r}")
                seen[kind, i] = pack.name


def load_packs(names: Sequence[str] | None = None, extra_dirs: Sequence[Path] = ()) -> list[Pack]:
    """Load and validate packs by name (None = every pack in `packs/data/` and `extra_dirs`).

    Required packs (pack.toml `requires`) come along. Results are cached per process.
    """
    key = None if names is None else tuple(names)
    return list(_load(key, tuple(Path(d).resolve() for d in extra_dirs)))


# -- queries ----------------------------------------------------------------------------------

NameHit = tuple[str, str, str]  # (kind: institution|person|post, id, lang)


def names_index(packs: Sequence[Pack]) -> dict[str, list[NameHit]]:
    """Folded name → [(kind, id, lang)], over names, acronyms and acronym tables.

    Pattern institutions are in it filled for each of their places ("ninh thuan people's
    committee" → "vn-provincial-peoples-committee@vn-ninh-thuan"), not as templates.
    """
    index: dict[str, list[NameHit]] = {}

    def add(name: str, hit: NameHit) -> None:
        hits = index.setdefault(fold(name).strip(), [])
        if hit not in hits:
            hits.append(hit)

    for pack in packs:
        for inst in pack.institutions.values():
            if inst.pattern:
                continue
            for table in (inst.names, inst.acronyms):
                for lang, names in table.items():
                    for n in names:
                        add(n, ("institution", inst.id, lang))
        for person in pack.people.values():
            for lang, names in person.names.items():
                for n in names:
                    add(n, ("person", person.id, lang))
        for post in pack.posts.values():
            for lang, names in post.names.items():
                for n in names:
                    add(n, ("post", post.id, lang))
        for acr in pack.acronyms:
            for lang, forms in acr.forms.items():
                for n in forms:
                    add(n, ("institution", acr.institution, lang))
    for filled in pattern_institutions(packs).values():
        for lang, names in filled.institution.names.items():
            for n in names:
                add(n, ("institution", filled.institution.id, lang))
    return index


PATTERN_SEP = "@"  # "<pattern id>@<place id>": the id of a pattern institution for one place
PLACE_SLOT = "{place}"
ENTITY_TYPES = {"ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC", "MISC": "MISC"}  # pack → mention type


@dataclass(frozen=True)
class PatternInstance:
    """A pattern institution filled for one place ("Ủy ban nhân dân tỉnh Ninh Thuận")."""

    pack: str
    pattern: str  # the pattern's id
    place: str  # the place's id
    institution: Institution  # id "<pattern>@<place>", names filled in every language both have
    # filled name → (start, end) of the place's name in it
    slots: Mapping[str, tuple[int, int]] = field(default_factory=dict)


_PATTERNS: dict[tuple[tuple[str, str], ...], dict[str, PatternInstance]] = {}


def pattern_institutions(packs: Sequence[Pack]) -> Mapping[str, PatternInstance]:
    """Every pattern institution with `places`, filled for each LOC institution of those categories.

    Built once per process for a set of packs, so the pack data lists the template once and not
    63 provinces × N names by hand. Places may come from any loaded pack.
    """
    key = tuple((p.name, str(p.path)) for p in packs)
    if key not in _PATTERNS:
        _PATTERNS[key] = _expand_all(packs)
    return _PATTERNS[key]


def _expand_all(packs: Sequence[Pack]) -> dict[str, PatternInstance]:
    places = [i for p in packs for i in p.institutions.values() if i.type in ("LOC", "GPE") and not i.pattern]
    out: dict[str, PatternInstance] = {}
    for pack in packs:
        for pattern in pack.institutions.values():
            if not (pattern.pattern and pattern.places):
                continue
            for place in places:
                if place.category not in pattern.places:
                    continue
                names, slots = _fill_every(pattern.names, place.names)
                if names:
                    inst = pattern.model_copy(
                        update={
                            "id": f"{pattern.id}{PATTERN_SEP}{place.id}",
                            "names": names,
                            "pattern": False,
                            "places": [],
                            "common_names": [],
                            "notes": f"{pattern.id} for {place.id}",
                        }
                    )
                    out[inst.id] = PatternInstance(pack.name, pattern.id, place.id, inst, slots)
    return out


def _fill_every(
    templates: Mapping[str, list[str]], places: Mapping[str, list[str]]
) -> tuple[dict[str, list[str]], dict[str, tuple[int, int]]]:
    """Each template with a {place} slot, filled with each of the place's names in the same language,
    and where the place is in each filled name (so a matcher can also mark the place inside)."""
    out: dict[str, list[str]] = {}
    slots: dict[str, tuple[int, int]] = {}
    for lang, forms in templates.items():
        for t in forms:
            if PLACE_SLOT not in t:
                continue
            at = t.index(PLACE_SLOT)
            for place in places.get(lang, []):
                name = t.replace(PLACE_SLOT, place, 1)
                out.setdefault(lang, [])
                if name not in slots:
                    out[lang].append(name)
                    slots[name] = (at, at + len(place))
    return out, slots


class Found(NamedTuple):
    type: str  # mention type: PER, ORG, LOC, MISC (or TITLE for a post)
    entity: Person | Institution | Post
    pack: Pack


def find_entity(packs: Sequence[Pack], entity_id: str, posts: bool = False) -> Found | None:
    """The pack entity behind an id: a person, an institution, or a pattern institution filled for
    a place ("vn-provincial-peoples-committee@vn-ninh-thuan"); a post too with `posts=True`.

    The type is the mention type the gazetteer gives it (GPE and FAC are LOC); None when unknown.
    """
    for pack in packs:
        if entity_id in pack.people:
            return Found("PER", pack.people[entity_id], pack)
        if entity_id in pack.institutions:
            inst = pack.institutions[entity_id]
            return Found(ENTITY_TYPES[inst.type], inst, pack)
        if posts and entity_id in pack.posts:
            return Found("TITLE", pack.posts[entity_id], pack)
    if PATTERN_SEP in entity_id:
        found = pattern_institutions(packs).get(entity_id)
        if found is not None:
            pack = next(p for p in packs if p.name == found.pack)
            return Found(ENTITY_TYPES[found.institution.type], found.institution, pack)
    return None


def expand_pattern(pattern: Institution, place: Institution) -> dict[str, list[str]]:
    """Names of a pattern institution for one place: "{place} People's Committee" → "Ninh Thuận People's Committee"."""
    out: dict[str, list[str]] = {}
    for lang, templates in pattern.names.items():
        fills = place.names.get(lang) or place.names.get("en") or []
        out[lang] = [t.replace("{place}", f) for t in templates for f in fills[:1]]
    return out


def _post_keys(packs: Sequence[Pack], post: str) -> set[str]:
    """Folded forms a held post's `title` may take to count as `post`: ids and names of matching posts."""
    key = fold(post).strip()
    every = [p for pack in packs for p in pack.posts.values()]
    matched = {p.id for p in every if key == fold(p.id) or any(key == fold(n) for ns in p.names.values() for n in ns)}
    # a generic post ("minister") also matches its specialisations ("minister-of-national-defence")
    matched |= {p.id for p in every if p.generic in matched}
    keys = {key} | {fold(i) for i in matched}
    keys |= {fold(n) for p in every if p.id in matched for ns in p.names.values() for n in ns}
    return keys


def who_held(
    packs: Sequence[Pack], post: str, on: str, org: str | None = None
) -> list[tuple[str, PostHeld]]:
    """People holding `post` (a post id, any of its names in any language, or free text) on date `on`.

    `on` may be a day, month or year; a span whose precision is coarser than the query
    matches when the two can overlap, so hand-overs inside a month can return both people.
    An `end` of "unknown" is treated as possibly still held.
    """
    lo, hi = bounds(on)
    keys = _post_keys(packs, post)
    out: list[tuple[str, PostHeld]] = []
    for pack in packs:
        posts = pack.posts
        for person in pack.people.values():
            for held in person.posts:
                if fold(held.title) not in keys:
                    continue
                held_org = held.org or (posts[held.title].org if held.title in posts else None)
                if org is not None and held_org != org:
                    continue
                start = bounds(held.start)[0]
                end = dt.date.max if held.end in (None, "unknown") else bounds(held.end)[1]
                if start <= hi and lo <= end:
                    out.append((person.id, held))
    return out
