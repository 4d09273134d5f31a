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
from .schema import ENTRY_FILES, Acronym, Institution, PackError, PackMeta, Person, Post, PostHeld, Source

DATA_DIR = Path(__file__).with_name("data")
COUNTRIES_FILE = DATA_DIR.parents[1] / "data" / "geo" / "countries.toml"  # ids a pack's `country` may take
WORLD = "world"  # the built-in pseudo-pack of the countries of COUNTRIES_FILE
GEO_PREFIX = "geo:"  # a country's entity id: "geo:jp"
COUNTRY_CATEGORY = "country"
_HAN = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff]")  # a one-character Han form is a qualifier, not a name
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
    institutions = _by_id(path / "institutions.toml", parsed["institutions.toml"])
    if meta.state is not None and (meta.state not in institutions or institutions[meta.state].pattern):
        raise PackError(f"{meta_file}: state: {meta.state!r} is not an institution of this pack")
    return Pack(
        name=meta.name,
        path=path,
        meta=meta,
        institutions=institutions,
        people=_by_id(path / "people.toml", parsed["people.toml"]),
        posts=_by_id(path / "posts.toml", parsed["posts.toml"]),
        acronyms=tuple(parsed["acronyms.toml"]),
    )


@functools.lru_cache(maxsize=1)
def _countries_file() -> dict[str, Any]:
    return _read_toml(COUNTRIES_FILE)


@functools.lru_cache(maxsize=1)
def countries() -> tuple[dict[str, Any], ...]:
    """The `[[country]]` tables of data/geo/countries.toml, as written (id, names, adjectives)."""
    return tuple(_countries_file().get("country", []))


def country_languages() -> dict[str, dict[str, Any]]:
    """The `[language.<code>]` tables of data/geo/countries.toml: how each language qualifies an
    institution by a country (`before`/`after` templates, `adjective_endings`)."""
    return _countries_file().get("language", {})


@functools.lru_cache(maxsize=1)
def country_ids() -> frozenset[str]:
    """The country ids a pack's `country` may name (data/geo/countries.toml)."""
    return frozenset(c["id"] for c in countries())


def country_name(country: str, lang: str = "en") -> str | None:
    """The canonical name of a country in a language (the first one listed), None when unknown."""
    for c in countries():
        if c["id"] == country:
            names = c.get("names", {})
            return next(iter(names.get(lang) or names.get("en") or [None]))
    return None


# -- the world: every country of COUNTRIES_FILE as a pack-like entity ------------------------------


def _country_names(country: dict[str, Any]) -> dict[str, list[str]]:
    """A country's names by language, less the one-character Han forms ("美", "俄", "柬"): those are
    short forms that qualify an institution right next to them ("美国防部"), never a name alone."""
    out: dict[str, list[str]] = {}
    for lang, names in country.get("names", {}).items():
        kept = [n for n in names if n.strip() and not (len(n.strip()) == 1 and _HAN.match(n.strip()))]
        if kept:
            out[lang] = list(dict.fromkeys(kept))
    return out


def state_of(pack: Pack) -> str | None:
    """The institution that is the pack's country itself: `state` in pack.toml, else the one
    non-pattern GPE/LOC institution without a parent that shares a name with the country
    (data/geo/countries.toml); None when the pack declares no country or none is found."""
    if pack.meta.state is not None or pack.meta.country is None:
        return pack.meta.state
    country = next((c for c in countries() if c["id"] == pack.meta.country), None)
    if country is None:
        return None
    wanted = {fold(n).strip() for ns in _country_names(country).values() for n in ns}
    found = [
        i.id
        for i in pack.institutions.values()
        if i.type in ("GPE", "LOC") and not i.pattern and i.parent is None
        and wanted & {fold(n).strip() for ns in i.names.values() for n in ns}
    ]
    return found[0] if len(found) == 1 else None


def world_pack(packs: Sequence[Pack]) -> Pack:
    """The built-in pack "world": an institution `geo:<id>` (GPE, category "country") per country of
    data/geo/countries.toml with its names in every language listed (Russian case forms included;
    adjectives are not names). A country that a loaded pack declares as its own (`country`) is
    that pack's: no `geo:` entry; its names the pack's state institution lacks (`state_of`) are
    added to it as an acronym-table entry of this pack, so they link to it (and no rival exists)."""
    owners = {p.meta.country: p for p in packs if p.meta.country and p.name != WORLD}
    source = Source(
        id="countries",
        title="Countries as news names them (data/geo/countries.toml)",
        publisher="newsgraph team",
        notes="names in en, fr, vi, zh, ar, ru, es, de; written from general knowledge",
    )
    institutions: dict[str, Institution] = {}
    aliases: list[Acronym] = []
    for country in countries():
        names = _country_names(country)
        if not names:
            continue
        owner = owners.get(country["id"])
        if owner is None:
            institutions[GEO_PREFIX + country["id"]] = Institution(
                id=GEO_PREFIX + country["id"], type="GPE", names=names, category=COUNTRY_CATEGORY,
                source=source.id, notes=f"country {country['id']} of {COUNTRIES_FILE.name}",
            )
            continue
        state = state_of(owner)
        if state is None:
            continue
        known = {fold(n).strip() for ns in owner.institutions[state].names.values() for n in ns}
        extra = {lang: [n for n in ns if fold(n).strip() not in known] for lang, ns in names.items()}
        extra = {lang: ns for lang, ns in extra.items() if ns}
        if extra:
            aliases.append(Acronym(institution=state, forms=extra, source=source.id,
                                   notes=f"names of country {country['id']} ({COUNTRIES_FILE.name})"))
    meta = PackMeta(
        name=WORLD,
        description="Countries as entities, built from data/geo/countries.toml (not a folder of packs/data).",
        # English first: the language of the canonical name shown for a country
        languages=sorted({lang for c in countries() for lang in c.get("names", {})}, key=lambda lang: (lang != "en", lang)),
        licence="Apache-2.0 (written by the newsgraph team)",
        requires=sorted(p.name for p in owners.values()),
        sources=[source],
    )
    return Pack(WORLD, COUNTRIES_FILE.parent, meta, institutions, {}, {}, tuple(aliases))


def country_entity(packs: Sequence[Pack], country: str) -> str | None:
    """The entity id that stands for a country among these packs: the state institution of the
    pack whose country it is, else `geo:<id>` when the world pack is loaded; None otherwise."""
    for pack in packs:
        if pack.meta.country == country and pack.name != WORLD:
            return state_of(pack)
    world = next((p for p in packs if p.name == WORLD), None)
    if world is not None and GEO_PREFIX + country in world.institutions:
        return GEO_PREFIX + country
    return None


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
                if name == WORLD:
                    raise PackError(f"{d / 'pack.toml'}: the name {WORLD!r} is the built-in pack of countries; choose another")
                if name in found and found[name] != d:
                    raise PackError(f"{d}: pack name {name!r} already used by {found[name]}")
                found[name] = d
    return found


@functools.lru_cache(maxsize=16)
def _load(names: tuple[str, ...] | None, extra_dirs: tuple[Path, ...]) -> tuple[Pack, ...]:
    found = _discover(extra_dirs)
    wanted = [*found, WORLD] if names is None else list(names)
    with_world = WORLD in wanted
    wanted = [n for n in wanted if n != WORLD]
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
    if with_world:
        loaded[WORLD] = world_pack(list(loaded.values()))
        wanted.append(WORLD)
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
    """Load and validate packs by name (None = every pack in `packs/data/` and `extra_dirs`, and
    the built-in pack "world" of countries, last; name "world" to have it with named packs).

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
    A country's id ("geo:jp") finds the world pack's entry, or, for a country a pack declares as its
    own ("geo:vn"), that pack's state institution.
    """
    if entity_id.startswith(GEO_PREFIX) and not any(entity_id in p.institutions for p in packs):
        own = next((state_of(p) for p in packs if p.meta.country == entity_id[len(GEO_PREFIX):]), None)
        return find_entity(packs, own, posts) if own else None
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
