"""Entity linking across documents, languages and scripts, run inside the store's batch transaction.

Per stored document, in batch order (re-processing the same documents in the same order gives the
same ids):

1. Mentions the pipeline linked (pack ids from the gazetteer and coref) keep their id; the entity
   gets its `entities` row and its names in `entity_names` (pack names, and surfaces as seen).
2. A mention the gazetteer marked as another country's institution (`attrs["qualifier"]` = "kh",
   `attrs["not"]` = "vn-mod": "Cambodia's Ministry of National Defence", "Bộ Quốc phòng Campuchia",
   "柬埔寨国防部") links to one learned entity per (institution, country), whatever the language:
   id `org:vn-mod@kh`, named from the pack institution's and the country's English names
   ("Ministry of National Defence (Cambodia)"); its surfaces become its names and keys.
3. A mention the gazetteer left ambiguous (`attrs["candidates"]`) takes the candidate a bound
   TITLE names, else the one its co-mentioned entities favour, else stays unlinked.
4. Unlinked PER/ORG/LOC/MISC mentions are grouped by fold key within the document; a one-word
   PER joins the one full name of the same document that begins or ends with it (never across
   documents, never when two full names could claim it).
5. Each group's keys are looked up (indexed) among the names of entities of the same type, stored
   (`entity_keys`) and in the packs: fold > transliteration > phonetic, each with a lower
   confidence. Transliteration and phonetic keys count only between different scripts, and a
   phonetic match needs the written vowels to agree (keys.py). One-word person names are only
   keys of one-word entities, so "Minh" never reaches "Trần Văn Minh".
6. Context decides between several candidates and against a candidate whose evidence conflicts
   (bound to other posts around the same time): co-mentioned entities, then time. When the
   context says "someone else", a homonym gets a new id (`per:tran-van-minh-2`).
7. Otherwise a learned entity is created, id = type + the name in Latin letters, stable.

Every link made here is recorded in the mention's `attrs["link"]` = {"by", "confidence"}
(by: qualified, fold, translit, phonetic, short, title, context, new) and lowers `entities.confidence` to
the weakest link. Then `corrections.replay` re-applies analysts' corrections.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from anyascii import anyascii

from .. import corrections
from ..packs import Pack, country_name, load_packs
from ..pipeline.mentions.titles import FORWARD_WORDS  # language glue before a name: M., Mme, comrade
from ..text.normalise import fold
from .keys import HAN, NON_WORD, fold_key, name_keys, script_of, vowels_agree, words
from .packindex import Candidate, PackIndex, describe, indexable, pack_index

LINK_TYPES = ("PER", "ORG", "LOC", "MISC")
CONFIDENCE = {"qualified": 0.9, "fold": 0.9, "translit": 0.75, "viru": 0.7, "phonetic": 0.6, "short": 0.8, "title": 0.85, "new": 1.0}
SEVERAL_CANDIDATES = 0.9  # confidence factor when context had to choose
CONFLICT_OVERRIDDEN = 0.8  # factor when co-mentions outweighed conflicting posts
CO_MENTIONS_OVERRIDE = 2  # shared co-mentioned entities that make a conflicting candidate the same person
CO_MENTION_DOCS = 500  # a candidate's latest documents that co-mentions are counted in
NEAR = timedelta(days=365)  # "around the same time" for posts and for time proximity
POSSESSIVE = re.compile(r"['’]s$")
SLUG_MAX = 60
QUALIFIED_SEP = "@"  # "org:<pack institution>@<country>": another country's institution


@dataclass
class Ment:
    rowid: int
    start: int
    end: int
    type: str
    entity_id: str | None
    attrs: dict[str, Any]
    surface: str
    name: str = ""  # the surface without a leading title or possessive: what is matched
    posts: set[str] = field(default_factory=set)  # offices the titles stage bound to it


@dataclass
class Group:
    type: str
    key: str
    name: str
    mentions: list[Ment] = field(default_factory=list)
    posts: set[str] = field(default_factory=set)
    shorts: list[Ment] = field(default_factory=list)  # one-word short forms that join this group
    not_ids: set[str] = field(default_factory=set)  # pack entities the gazetteer said it is not (a private person)


@dataclass
class Doc:
    rowid: int
    lang: str | None
    date: str | None  # first day of the published period
    ids: set[str] = field(default_factory=set)  # entities linked in this document so far


@dataclass
class Found:
    """What one document's keys reached: ("kind:key", type) → names, and (fold key, entity) blocked."""

    names: dict[tuple[str, str], list[Candidate]] = field(default_factory=dict)
    blocked: set[tuple[str, str]] = field(default_factory=set)


@dataclass
class Linker:
    """State of one linking pass (one batch): the connection, the packs' index, entities ensured."""

    con: Any
    index: PackIndex
    ensured: set[str] = field(default_factory=set)
    keyed: set[tuple[str, str]] = field(default_factory=set)  # (entity, name) whose keys this pass wrote
    dated: dict[str, tuple[str, str]] = field(default_factory=dict)  # pipeline-linked entity → first, last date
    any_blocked: bool | None = None  # does any correction block a name? (asked once per pass)

    def flush(self) -> None:
        """First/last seen of the entities the pipeline linked, once per pass (no decision reads them)."""
        self.con.executemany(
            """UPDATE entities SET first_seen = min(coalesce(first_seen, ?), ?),
                   last_seen = max(coalesce(last_seen, ?), ?) WHERE id = ?""",
            [(lo, lo, hi, hi, eid) for eid, (lo, hi) in self.dated.items()],
        )

    # ------------------------------------------------------------ one document
    def document(self, rowid: int) -> None:
        doc, mentions = self._load(rowid)
        if not mentions:
            return
        for m in mentions:
            if m.entity_id and m.type in LINK_TYPES:
                self._ensure(m.entity_id, m.type, m.surface)
                doc.ids.add(m.entity_id)
                if doc.date:
                    lo, hi = self.dated.get(m.entity_id, (doc.date, doc.date))
                    self.dated[m.entity_id] = (min(lo, doc.date), max(hi, doc.date))
        titles = _titles(mentions)
        for m in mentions:
            if m.entity_id is None and m.attrs.get("candidates"):
                self._ambiguous(doc, m, titles)
            elif m.entity_id is None and _qualified(m):
                self._qualified(doc, m)
        groups = _groups(mentions, titles)
        _attach_short_forms(groups, mentions)
        groups = [g for g in groups if g.mentions]
        found = self._lookup(groups)
        for g in groups:
            self._resolve(doc, g, found)
        self._save(doc, mentions)

    def _load(self, rowid: int) -> tuple[Doc, list[Ment]]:
        rows = self.con.execute(
            """SELECT m.rowid, m.start, m."end", m.type, m.entity_id, m.attrs,
                      substr(d.text, m.start + 1, m."end" - m.start), d.lang, d.pub_lo
               FROM mentions m JOIN documents d ON d.rowid = m.doc_rowid
               WHERE m.doc_rowid = ? ORDER BY m.start, m."end" DESC""",
            (rowid,),
        ).fetchall()
        doc = Doc(rowid, rows[0][7], rows[0][8]) if rows else Doc(rowid, None, None)
        return doc, [Ment(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]) if r[5] else {}, r[6]) for r in rows]

    # ------------------------------------------------------------ pack-linked and ambiguous
    def _ensure(self, entity_id: str, type: str, surface: str) -> None:
        """An `entities` row for an id the pipeline linked; a pack entity brings its pack names."""
        if entity_id in self.ensured:
            return
        self.ensured.add(entity_id)
        info = describe(self.index, entity_id)
        name, origin = (info["name"], info["origin"]) if info else (surface, "learned")
        cur = self.con.execute(
            "INSERT OR IGNORE INTO entities (id, type, name, origin, confidence) VALUES (?, ?, ?, ?, 1.0)",
            (entity_id, info["type"] if info else type, name, origin),
        )
        if cur.rowcount and info:
            self.con.executemany(
                """INSERT OR IGNORE INTO entity_names (entity_id, name, lang, script, key, origin, seen)
                   VALUES (?, ?, ?, ?, ?, 'pack', 0)""",
                [(entity_id, n, lang, script, fold_key(n)) for lang, n, script in info["names"]],
            )

    def _ambiguous(self, doc: Doc, m: Ment, titles: dict[tuple[int, int], dict[str, Any]]) -> None:
        """Two pack entities, one name: a bound title's person wins, else co-mentions, else none."""
        cands = list(m.attrs["candidates"])
        by_title = {t.get("person_id") for t in titles.values() if t.get("person_span") == [m.start, m.end]}
        chosen = next(iter(by_title & set(cands)), None) if len(by_title & set(cands)) == 1 else None
        by = "title"
        if chosen is None:
            scores = {c: self._co_mentions(c, doc) for c in cands}
            best = max(scores.values(), default=0)
            top = [c for c, s in scores.items() if s == best]
            chosen, by = (top[0], "context") if best > 0 and len(top) == 1 else (None, by)
        if chosen:
            conf = CONFIDENCE["title"] if by == "title" else CONFIDENCE["fold"] * SEVERAL_CANDIDATES
            self._ensure(chosen, m.type, m.surface)
            _assign(m, chosen, by, conf)
            doc.ids.add(chosen)

    def _qualified(self, doc: Doc, m: Ment) -> None:
        """Another country's institution: one learned entity per (pack institution, country)."""
        inst, country = _qualified(m)  # type: ignore[misc]
        eid = f"{m.type.lower()}:{inst}{QUALIFIED_SEP}{country}"
        if eid not in self.ensured:
            self.ensured.add(eid)
            self.con.execute(
                "INSERT OR IGNORE INTO entities (id, type, name, origin, confidence) VALUES (?, ?, ?, 'learned', 1.0)",
                (eid, m.type, _qualified_name(self.index, inst, country, m.surface)),
            )
        _assign(m, eid, "qualified", CONFIDENCE["qualified"])
        doc.ids.add(eid)

    # ------------------------------------------------------------ unlinked groups
    def _resolve(self, doc: Doc, g: Group, found: Found) -> None:
        kind, cands = _candidates(g, found)
        if not cands:
            eid, by, conf = self._create(g), "new", CONFIDENCE["new"]
        else:
            eid, conf = self._choose(doc, g, cands, CONFIDENCE[kind])
            by = kind
            if eid is None:
                eid, by, conf = self._create(g), "context", CONFIDENCE["new"] * SEVERAL_CANDIDATES
        for m in g.mentions:
            _assign(m, eid, by, conf)
            if m.posts:
                m.attrs["link"]["posts"] = sorted(m.posts)  # offices bound to it: roles read from text
        for m in g.shorts:
            _assign(m, eid, "short", round(conf * CONFIDENCE["short"], 3))
        doc.ids.add(eid)

    def _lookup(self, groups: list[Group]) -> Found:
        """Every stored and pack name that a key of these groups reaches (indexed queries), and the
        entities whose name a correction blocked. Phonetic keys, which many names share, are
        asked only for groups that no fold or transliteration key placed."""
        found = Found()
        folds = sorted({g.key for g in groups})
        if not folds:
            return found
        if self.any_blocked is None:
            self.any_blocked = bool(self.con.execute("SELECT 1 FROM entity_names WHERE blocked = 1 LIMIT 1").fetchone())
        if self.any_blocked:
            found.blocked = set(self.con.execute(
                f"SELECT key, entity_id FROM entity_names WHERE blocked = 1 AND key IN ({','.join('?' * len(folds))})",
                folds))
        self._fetch(found, groups, ("fold", "translit", "viru"))
        self._fetch(found, [g for g in groups if not _candidates(g, found)[1]], ("phonetic",))
        return found

    def _fetch(self, found: Found, groups: list[Group], kinds: tuple[str, ...]) -> None:
        wanted = sorted({(f"{k}:{v}", g.type) for g in groups for k, v in name_keys(g.name, g.type) if k in kinds})
        if not wanted:
            return
        keys = sorted({k for k, _ in wanted})
        for key, type_, eid, name, origin in self.con.execute(
            f"""SELECT k.key, k.type, k.entity_id, k.name, e.origin FROM entity_keys k
                JOIN entities e ON e.id = k.entity_id WHERE k.key IN ({",".join("?" * len(keys))})""", keys):
            found.names.setdefault((key, type_), []).append(Candidate(eid, type_, name, key.split(":", 1)[0], origin))
        for key in wanted:
            found.names.setdefault(key, []).extend(self.index.keys.get(key, ()))

    def _choose(self, doc: Doc, g: Group, cands: list[Candidate], conf: float) -> tuple[str | None, float]:
        """The candidate the context favours; None when every candidate's evidence conflicts."""
        if len(cands) == 1 and not g.posts:
            return cands[0].entity_id, conf
        scored = []
        for i, c in enumerate(cands):
            conflict = self._conflicts(doc, g, c)
            co = self._co_mentions(c.entity_id, doc)
            scored.append((conflict and co < CO_MENTIONS_OVERRIDE, -co, not self._near_in_time(doc, c), i, c, conflict))
        scored.sort(key=lambda s: s[:4])
        excluded, _, _, _, best, conflict = scored[0]
        if excluded:
            return None, conf
        factor = (SEVERAL_CANDIDATES if len(cands) > 1 else 1.0) * (CONFLICT_OVERRIDDEN if conflict else 1.0)
        return best.entity_id, round(conf * factor, 3)

    def _create(self, g: Group) -> str:
        """A learned entity with a stable id: type + the name in Latin letters, -2, -3 for homonyms."""
        base = f"{g.type.lower()}:{_slug(g.name)}"
        eid, n = base, 1
        while eid in self.index.entities or not self.con.execute(
            "INSERT OR IGNORE INTO entities (id, type, name, origin, confidence) VALUES (?, ?, ?, 'learned', 1.0)",
            (eid, g.type, g.name),
        ).rowcount:
            n += 1
            eid = f"{base}-{n}"
        self.ensured.add(eid)
        return eid

    # ------------------------------------------------------------ context
    def _co_mentions(self, entity_id: str, doc: Doc) -> int:
        """How many of this document's entities were mentioned with `entity_id` in other documents."""
        others = sorted(doc.ids - {entity_id})
        if not others:
            return 0
        # from the candidate's latest documents (bounded: a much-mentioned entity costs the same),
        # then their mentions by document; "+o.entity_id" keeps SQLite off the entity index there
        return self.con.execute(
            f"""SELECT count(DISTINCT o.entity_id) FROM mentions o
                WHERE o.doc_rowid IN (SELECT doc_rowid FROM mentions WHERE entity_id = ? AND doc_rowid != ?
                                      ORDER BY doc_rowid DESC LIMIT {CO_MENTION_DOCS})
                  AND +o.entity_id IN ({",".join("?" * len(others))})""",
            [entity_id, doc.rowid, *others],
        ).fetchone()[0]

    def _entity_row(self, entity_id: str) -> tuple[dict[str, Any], str | None, str | None]:
        row = self.con.execute(
            "SELECT attrs, first_seen, last_seen FROM entities WHERE id = ?", (entity_id,)).fetchone()
        return (json.loads(row[0]) if row and row[0] else {}), (row[1] if row else None), (row[2] if row else None)

    def _conflicts(self, doc: Doc, g: Group, c: Candidate) -> bool:
        """A learned candidate bound, around this document's date, only to posts other than the
        group's. Pack people are not judged on posts here: the pack's list of posts is not complete,
        and the gazetteer links their names whatever the title."""
        if not g.posts or c.origin != "learned":
            return False
        attrs, _, _ = self._entity_row(c.entity_id)
        held = {p for p, (first, last) in attrs.get("posts", {}).items() if _near(doc.date, first, last)}
        return bool(held) and not (self.index.posts_of(held) & self.index.posts_of(g.posts))

    def _near_in_time(self, doc: Doc, c: Candidate) -> bool:
        """Was this learned candidate seen around this document's date? (Pack entities: no opinion.)"""
        if c.origin != "learned":
            return False
        _, first, last = self._entity_row(c.entity_id)
        return first is not None and _near(doc.date, first, last)

    # ------------------------------------------------------------ writing
    def _save(self, doc: Doc, mentions: list[Ment]) -> None:
        linked = [m for m in mentions if m.entity_id and m.type in LINK_TYPES]
        self.con.executemany(
            "UPDATE mentions SET entity_id = ?, attrs = ? WHERE rowid = ?",
            [(m.entity_id, json.dumps(m.attrs, ensure_ascii=False), m.rowid) for m in linked if "link" in m.attrs],
        )
        self._save_names(doc, linked)
        self._save_entities(doc, linked)

    def _save_names(self, doc: Doc, linked: list[Ment]) -> None:
        """Seen counts of surfaces, and the match keys of every surface that may stand for its
        entity alone: not a short form, and for a pack entity not a one-word person name."""
        counts = Counter((m.entity_id, _display_name(m)) for m in linked)
        self.con.executemany(
            """INSERT INTO entity_names (entity_id, name, lang, script, key, origin, seen)
               VALUES (?, ?, ?, ?, ?, 'text', ?)
               ON CONFLICT (entity_id, name) DO UPDATE SET seen = seen + excluded.seen""",
            [(eid, name, doc.lang, script_of(name), fold_key(name), n) for (eid, name), n in counts.items()],
        )
        keys = {}
        for m in linked:
            name, by = _display_name(m), m.attrs.get("link", {}).get("by")
            if by == "short" or (by is None and not indexable(name, m.type)) or (m.entity_id, name) in self.keyed:
                continue
            self.keyed.add((m.entity_id, name))  # type: ignore[arg-type]
            for k, v in name_keys(name, m.type):
                if not any(c.entity_id == m.entity_id for c in self.index.keys.get((f"{k}:{v}", m.type), ())):
                    keys[(f"{k}:{v}", m.type, m.entity_id, name)] = None
        self.con.executemany("INSERT OR IGNORE INTO entity_keys (key, type, entity_id, name) VALUES (?, ?, ?, ?)", list(keys))

    def _save_entities(self, doc: Doc, linked: list[Ment]) -> None:
        weakest: dict[str, float] = {}
        posts: dict[str, set[str]] = {}
        for m in linked:
            link = m.attrs.get("link")
            if link is None:
                continue  # linked by the pipeline (a pack id): nothing the linker learned about it
            weakest[m.entity_id] = min(weakest.get(m.entity_id, 1.0), link["confidence"])  # type: ignore[index]
            if m.posts:
                posts.setdefault(m.entity_id, set()).update(m.posts)  # type: ignore[arg-type]
        self.con.executemany(
            """UPDATE entities SET confidence = min(coalesce(confidence, 1.0), ?),
                   first_seen = min(coalesce(first_seen, ?), coalesce(?, first_seen)),
                   last_seen = max(coalesce(last_seen, ?), coalesce(?, last_seen)) WHERE id = ?""",
            [(c, doc.date, doc.date, doc.date, doc.date, eid) for eid, c in weakest.items()],
        )
        for eid, held in posts.items():
            self._save_posts(eid, held, doc.date)

    def _save_posts(self, entity_id: str, held: set[str], when: str | None) -> None:
        """Posts read from text, first/last seen: the evidence later homonyms are judged against."""
        attrs, _, _ = self._entity_row(entity_id)
        spans = attrs.setdefault("posts", {})
        for p in sorted(held):
            first, last = spans.get(p, [when, when])
            if when:
                first, last = min(first or when, when), max(last or when, when)
            spans[p] = [first, last]
        self.con.execute("UPDATE entities SET attrs = ? WHERE id = ?", (json.dumps(attrs, ensure_ascii=False), entity_id))


# ---------------------------------------------------------------- pure helpers


def _assign(m: Ment, entity_id: str, by: str, confidence: float) -> None:
    m.entity_id = entity_id
    m.attrs["link"] = {"by": by, "confidence": confidence}


def _qualified(m: Ment) -> tuple[str, str] | None:
    """(pack institution, country) of a mention the gazetteer marked as another country's
    institution; None for any other (or one whose name two institutions share)."""
    inst, country = m.attrs.get("not"), m.attrs.get("qualifier")
    if m.type not in LINK_TYPES or not isinstance(inst, str) or not isinstance(country, str):
        return None
    return inst, country


def _qualified_name(index: PackIndex, inst: str, country: str, surface: str) -> str:
    """"Ministry of National Defence (Cambodia)": the institution's and the country's English names."""
    entity = index.entities.get(inst)
    name = next((n for lang, n in entity.names if lang == "en"), entity.name) if entity else surface
    return f"{name} ({country_name(country) or country})"


def _candidates(g: Group, found: Found) -> tuple[str, list[Candidate]]:
    """The strongest key kind that reaches any entity of this type, and the names it reached."""
    script = script_of(g.name)
    for kind, key in name_keys(g.name, g.type):
        ok = [c for c in found.names.get((f"{kind}:{key}", g.type), ())
              if (g.key, c.entity_id) not in found.blocked and c.entity_id not in g.not_ids
              and _fits(kind, g.name, script, c)]
        if ok:
            return kind, list({c.entity_id: c for c in ok}.values())
    return "new", []


def _fits(kind: str, name: str, script: str, c: Candidate) -> bool:
    """Transliteration and phonetic keys only bridge scripts; phonetic ones need agreeing vowels."""
    if kind == "fold":
        return True
    if script_of(c.name) == script:
        return False
    return kind in ("translit", "viru") or vowels_agree(name, c.name)


def _titles(mentions: list[Ment]) -> dict[tuple[int, int], dict[str, Any]]:
    return {(m.start, m.end): m.attrs for m in mentions if m.type == "TITLE"}


def _display_name(m: Ment) -> str:
    """The name a mention gives its entity: as grouped (`_name_of`), else the gazetteer's restored
    form (an Arabic article a clitic elided), else the surface."""
    name = m.name or m.attrs.get("restored")
    return name if isinstance(name, str) and name else m.surface


def _name_of(m: Ment, titles: dict[tuple[int, int], dict[str, Any]]) -> str:
    """The surface without a TITLE inside its start ("General Tran Van Minh"), a possessive, or, for
    a person, leading honorifics and lower-case words ("M. Sơn", "Mme Keller", "général Cường")."""
    text, offset = m.surface, 0
    for (s, e) in titles:
        if m.start <= s and e < m.end and e - m.start > offset:
            offset = e - m.start
    text = POSSESSIVE.sub("", text[offset:]).strip(" ,،.:;-–—")
    if m.type == "PER":
        tokens = text.split()
        while len(tokens) > 1 and (tokens[0].casefold() in FORWARD_WORDS or tokens[0].islower()):
            tokens.pop(0)
        text = " ".join(tokens)
    return text or m.surface


def _posts_of(m: Ment, titles: dict[tuple[int, int], dict[str, Any]]) -> set[str]:
    """Post ids of the offices (not ranks) bound to this person mention by the titles stage."""
    out: set[str] = set()
    for t in m.attrs.get("titles", []) or []:
        attrs = titles.get(tuple(t.get("span") or ()), {})  # type: ignore[arg-type]
        if attrs.get("kind") == "rank":
            continue
        out.update([t["post_id"]] if t.get("post_id") else attrs.get("post_candidates", []))
    return out


def _groups(mentions: list[Ment], titles: dict[tuple[int, int], dict[str, Any]]) -> list[Group]:
    """Unlinked mentions of one document grouped by (type, fold key), in reading order."""
    groups: dict[tuple[str, str], Group] = {}
    for m in mentions:
        if m.entity_id or m.type not in LINK_TYPES or m.attrs.get("candidates") or (m.start, m.end) in titles:
            continue  # linked, ambiguous between pack entities, or a post name read as a name
        m.name = _name_of(m, titles)
        key = fold_key(m.name)
        if not key:
            continue
        g = groups.setdefault((m.type, key), Group(m.type, key, m.name))
        g.mentions.append(m)
        m.posts = _posts_of(m, titles)
        g.posts |= m.posts
        not_ids = m.attrs.get("not")
        g.not_ids.update([not_ids] if isinstance(not_ids, str) else not_ids or ())
    return list(groups.values())


def _attach_short_forms(groups: list[Group], mentions: list[Ment]) -> None:
    """A one-word name joins the single full person name of this document it begins or ends."""
    full_groups = [g for g in groups if g.type == "PER" and len(words(g.name)) >= 2]
    linked = {}
    for m in mentions:
        if m.type == "PER" and m.entity_id and len(words(m.surface)) >= 2:
            linked.setdefault(m.entity_id, words(m.surface))
    for g in groups:
        if len(words(g.name)) != 1 or (g.type != "PER" and not g.name[:1].isupper()):
            continue  # a capitalised one-word LOC/ORG may be a person's short form the NER mistyped
        word = g.key
        owners: list[Group | str] = [f for f in full_groups if word in _ends(words(f.name))]
        owners += [eid for eid, ws in linked.items() if word in _ends(ws)]
        if not owners:
            continue  # a one-word name alone: it may still be a one-word entity ("Putin")
        owner = owners[0] if len(owners) == 1 else None  # two full names could claim it: leave it unlinked
        if isinstance(owner, Group):
            owner.shorts.extend(g.mentions)
        elif owner is not None:
            for m in g.mentions:
                _assign(m, owner, "short", CONFIDENCE["short"])
        g.mentions = []


def _ends(ws: list[str]) -> set[str]:
    return {fold_key(ws[0]), fold_key(ws[-1])}


def _day(iso: str | None) -> date | None:
    if not iso:
        return None
    try:
        return date.fromisoformat((iso + "-01-01")[:10] if len(iso) == 4 else (iso + "-01")[:10] if len(iso) == 7 else iso[:10])
    except ValueError:
        return None


def _near(when: str | None, first: str | None, last: str | None) -> bool:
    """Is `when` within NEAR of [first, last]? Unknown dates do not rule it out."""
    d, lo, hi = _day(when), _day(first), _day(last or first)
    if d is None or lo is None or hi is None:
        return True
    return lo - NEAR <= d <= hi + NEAR


def _slug(name: str) -> str:
    """The name in Latin letters as written (no spelling-variant folding): "tran-van-minh"."""
    slug = "-".join(NON_WORD.sub(" ", anyascii(HAN.sub(r" \g<0> ", fold(name))).lower()).split())[:SLUG_MAX].strip("-")
    return slug or "x"


# ---------------------------------------------------------------- entry points


def link_documents(con: Any, doc_rowids: Sequence[int], packs: Sequence[Pack] | None = None) -> None:
    """Link the mentions of these stored documents (in this order), then replay corrections.

    Called by the store inside its batch transaction; does not commit."""
    _link(con, doc_rowids, packs)
    corrections.replay(con, list(doc_rowids))


def _link(con: Any, doc_rowids: Sequence[int], packs: Sequence[Pack] | None) -> None:
    linker = Linker(con, pack_index(load_packs() if packs is None else packs))
    for rowid in doc_rowids:
        linker.document(rowid)
    linker.flush()


def relink_all(store_or_con: Any, packs: Sequence[Pack] | None = None) -> int:
    """Forget every link the linker made and link every stored document again, in publication-date
    order (undated last), then replay all corrections. For `reprocess`.

    `store_or_con`: a SQLiteStore (its `.con` is used) or a sqlite connection. Pack ids set by the
    pipeline stay; learned entities, their names and keys, and text names are rebuilt; names a
    correction added (origin 'correction') are left to the replay. One transaction. Returns the
    number of documents linked."""
    con = getattr(store_or_con, "con", store_or_con)
    con.execute("BEGIN IMMEDIATE")
    try:
        _forget(con)
        rowids = [r[0] for r in con.execute("SELECT rowid FROM documents ORDER BY pub_lo IS NULL, pub_lo, rowid")]
        _link(con, rowids, packs)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    corrections.replay(con, None)
    return len(rowids)


def _forget(con: Any) -> None:
    con.execute(
        """UPDATE mentions SET entity_id = NULL, attrs = json_remove(attrs, '$.link')
           WHERE attrs IS NOT NULL AND json_extract(attrs, '$.link') IS NOT NULL""")
    con.execute("DELETE FROM entity_keys")
    con.execute("DELETE FROM entity_names WHERE origin = 'text'")
    con.execute("UPDATE entity_names SET seen = 0")
    con.execute("DELETE FROM entities WHERE origin = 'learned'")
    con.execute("UPDATE entities SET first_seen = NULL, last_seen = NULL, confidence = 1.0, attrs = NULL")
