"""Gazetteer: high-precision PER/ORG/LOC mentions for the names the domain packs know, linked to them.

People → PER, institutions → ORG or LOC by their `type`, acronym tables → their institution, in
any language and script (matcher.py: folded, on word boundaries, CJK as substrings, Arabic
clitics off, leftmost-longest). So "Luong Cuong", "Lương Cường" and "梁强" are one PER with
`entity_id="luong-cuong"`, and "MINUSS"/"UNMISS" one ORG. What is not linked blindly:

- a person's one-word name (a given name or surname alone) is never matched: the coref stage
  finds short forms once the full name is in the document;
- a pack person's name with a private person's cue next to it — an occupation or a familiar form of
  address right before ("Ngư dân", "anh", "Fisherman", "le pêcheur"), an age right after ("(47 tuổi",
  ", 47,") — is someone else with that name: an unlinked PER with `attrs["not"]` (the pack ids) and
  `attrs["private"]` (the cue), which the linker will not link to them (data/people/private_cues.toml);
- a name shared by two entities gives a mention with `entity_id=None` and `attrs["candidates"]`;
- acronyms match with their capitals only; a one-word capitalised name must be capitalised;
- a name the pack marks as a common word (`common_names`: "Government", "Chính phủ", "政府") links
  only where it can only be that institution: written with its capital, not at the start of a
  sentence, with no capitalised word right before it ("Cambodian Government") or right after it
  ("Chính phủ Lào") other than a known person's name ("Thủ tướng Chính phủ Phạm Minh Chính"), and no
  joining word before a capitalised one after it ("Government of Laos"); in a script without
  capitals (Arabic, CJK) never alone, only inside a longer name of the pack.

Pattern institutions (packs: "Ủy ban nhân dân tỉnh {place}") are matched filled for each of their
places, with the id "<pattern>@<place>" (`packs.pattern_institutions`); the place inside the name
("Ninh Thuận" in "UBND tỉnh Ninh Thuận") is a LOC mention of its own, with `attrs["inside"]`
([start, end] of the institution).

An institution of a pack that declares its `country` (pack.toml; vietnam: "vn") is not linked
where ANOTHER country qualifies it right next to it: before it ("Cambodia's Ministry of National
Defence", "the Cambodian Ministry…", "柬埔寨国防部") or after it ("Ministry of Foreign Affairs of
Japan", "ministère de la Défense nationale cambodgien", "Bộ Quốc phòng Mỹ", "وزارة الدفاع
الكمبودية"). Countries, their names and adjectives and each language's patterns are data
(`data/geo/countries.toml`); only spaces may stand between the qualifier and the name, so a
country at the end of the sentence before does not count. Such a match gives an ORG mention whose
span covers qualifier and name, `entity_id=None` and `attrs["qualifier"]` (country id),
`attrs["not"]` (the pack id it is not): another country's institution, for the linker to learn.
The pack's own country keeps the link ("Vietnam's Ministry of National Defence"); institutions of
packs without a country (UN) and people are never qualified. A pack match inside such a span
(a country the packs know) gets `attrs["inside"]`.

The document can qualify it too (`qualify_by_context`): "l'Assemblée nationale" in a French article
about France is France's. A bare institution name of a country's pack (an ORG, not a filled
pattern, not an acronym, not containing the country's own name or adjective) is another country's
where the document names that other country at least twice (`CONTEXT_MIN`: its name, or one of its
institutions qualified as above, or its adjective: "français") and names nothing of the pack's own country: none of its people, places, state, or specific
institutions. The most-named other country wins; the mention is marked `attrs["qualified_by"] =
"context"` and gets a lower confidence. Never in the pack's `home_languages` (Vietnamese press
qualifies every foreign "Bộ Quốc phòng", so a bare one is Viet Nam's).

Countries are the built-in pack "world" (`packs.world_pack`, from `data/geo/countries.toml`):
"Japan", "Nhật Bản", "日本", "اليابان", "Японии" are LOC mentions of `geo:jp` (a country a pack holds
links to the pack's own entity: "Вьетнама" → `vn-state`). In a script with capitals such a name
must be written with its capital and its letters (the English adjective "Lao" is not "Lào"), and a
one-word name must stand alone (`_stands_alone`): not after an honorific ("Mr. Jordan", "ông Đức"),
not next to another capitalised word ("Michael Jordan", "Jordan Henderson", "Tuấn Anh"), and at a
sentence start only with four letters or more ("Anh cho biết" is "he said").

Pack people written in an Arabic spelling (soundalike.py) or a Russian transcription or case
(cyrillic_names.py: "с Фам Минь Тьинем") that the pack does not list are found after the matches.

`attrs`: `kind` (person/institution), `pack`, `lang` (language of the name that matched),
`clitic` (Arabic proclitic left out of the span, when any), `restored` (the span's name with the article
the clitic absorbed: "اللجنة" for the span "لجنة" of "للجنة"), `candidates` when ambiguous,
`qualifier`/`not` for another country's institution.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from ...analyse.terms import stopwords
from ...config import Settings
from ...model.document import Document, Mention
from ...packs import WORLD, Pack, load_packs, pattern_institutions
from ...packs.loader import GEO_PREFIX, countries, country_languages
from ...text.normalise import fold
from ...text.russian import case_forms
from .cyrillic_names import find_cyrillic_names
from .matcher import CJK, TOKEN, Match, Matcher, fold_token, is_acronym, name_key, tokens
from .soundalike import find_sound_alikes

REQUIRES = ("text", "lang")
ASSIGNS = ("mentions",)
METHOD = "gazetteer.packs.v1"
TYPES = {"ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC", "MISC": "MISC"}
CONFIDENCE = 0.95  # a full name of two or more words, or an acronym
CONFIDENCE_ONE_WORD = 0.85  # a one-word name ("Hanoi", "Politburo") or a short CJK name
CONFIDENCE_AMBIGUOUS = 0.5
SHORT_CJK = 2  # characters
# script-level cues, not country knowledge: what ends a sentence, a word before or after a name
SENTENCE_END = re.compile(r"(?:[.!?:;\n][\"'”’»)\]]*|[\"“«(\[])\s*$")
WORD_BEFORE = re.compile(r"([^\W\d_][\w'’-]*)[^\S\n]+$")
LETTER_AFTER = re.compile(r"[^\S\n]+([^\W\d_])")
# "Government of Laos", "gouvernement du Cambodge": a joining word, maybe an article, then a name
JOINED_AFTER = re.compile(
    r"(?i:[^\S\n]+(?:(?:of|de|du|des|del|della|di|von|van)\b|d'|d’)(?:[^\S\n]+(?:(?:the|la|le|les)\b|l'|l’))?)"
    r"[^\S\n]*([^\W\d_])"
)
LOOK_BACK = 60  # characters
LOOK_AHEAD = 60  # characters, for a country after a name
# the token right before / after a name, across spaces but not a line break (matcher.TOKEN's shape)
LAST_TOKEN = re.compile(rf"({TOKEN.pattern})[^\S\n]*$")
LAST_TOKEN_CHARS = 30  # a longer word right before a name is no country name
FIRST_TOKEN = re.compile(rf"[^\S\n]*({TOKEN.pattern})")
# a country's one-word name: at a sentence start, shorter names are too often a word or a given name
MIN_LETTERS_AT_START = 4
FUNCTION_WORD_LETTERS = 2  # a capitalised word this short before a country at a sentence start: "In", "At", "Ở"
# honorifics right before a one-word country name make it a person's name ("ông Đức", "Mr. Jordan")
_HONORIFICS = (
    "mr mr. mrs mrs. ms ms. miss dr dr. sir m. mme mme. mlle monsieur madame herr frau sr. sra. señor señora "
    "don doña ông bà anh chị em cô chú bác г-н г-жа господин госпожа"
)
HONORIFICS = frozenset(_HONORIFICS.split())
PREV_WORD = re.compile(r"([^\W\d_][\w'’-]*\.?)[^\S\n]+$")
QUALIFIED_KINDS = frozenset({"ORG"})  # a place next to a country name is not "that country's place"
CONTEXT_FACTOR = 0.8  # confidence of a name qualified by the document, not by words next to it
CONTEXT_MIN = 2  # times the document must name the other country ("He flew to Cambodia." once is not enough)


@dataclass(frozen=True)
class Hit:
    kind: str  # person | institution
    id: str
    type: str  # PER ORG LOC MISC
    pack: str
    lang: str
    common: bool = False  # the name is also a common word (`common_names`)
    guarded: bool = False  # a country's name (world pack) in a script with capitals: linked with care
    place: tuple[str, int, int] | None = None  # in a filled pattern name: place id, first and last+1 token


_MATCHERS: dict[tuple[tuple[str, str], ...], Matcher[Hit]] = {}


def matcher_for(packs: Sequence[Pack]) -> Matcher[Hit]:
    """The compiled matcher for these packs, built once per process."""
    key = tuple((p.name, str(p.path)) for p in packs)
    if key not in _MATCHERS:
        _MATCHERS[key] = Matcher.build(pack_names(packs))
    return _MATCHERS[key]


def pack_names(packs: Sequence[Pack]) -> Iterable[tuple[str, Hit]]:
    """Every (name, Hit) to match: people (two words or more), institutions, acronym tables."""
    inst_type = {i.id: TYPES[i.type] for p in packs for i in p.institutions.values()}
    # "Chinh phu" is as common as "Chính phủ"; an acronym table's form as common as the same name
    common = {(i.id, _key(n)) for p in packs for i in p.institutions.values() for n in i.common_names}
    for pack in packs:
        world = pack.name == WORLD
        for person in pack.people.values():
            for lang, names in person.names.items():
                for n in names:
                    if CJK.match(n) or len(name_key(n)) >= 2:
                        yield n, Hit("person", person.id, "PER", pack.name, lang)
        for inst in pack.institutions.values():
            if inst.pattern:
                continue
            for table in (inst.names, inst.acronyms):
                for lang, names in table.items():
                    yield from (
                        (
                            n,
                            Hit(
                                "institution",
                                inst.id,
                                inst_type[inst.id],
                                pack.name,
                                lang,
                                (inst.id, _key(n)) in common,
                                world and _cased(n),
                            ),
                        )
                        for n in _with_case_forms(names, lang, inst_type[inst.id])
                    )
        for acr in pack.acronyms:
            for lang, forms in acr.forms.items():
                for f in forms:
                    flag = (acr.institution, _key(f)) in common
                    yield (
                        f,
                        Hit(
                            "institution",
                            acr.institution,
                            inst_type.get(acr.institution, "ORG"),
                            pack.name,
                            lang,
                            flag,
                            world and _cased(f),
                        ),
                    )
    for filled in pattern_institutions(packs).values():
        inst = filled.institution
        for lang, names in inst.names.items():
            for n in names:
                where = _place_slot(n, filled.slots[n])
                yield (
                    n,
                    Hit(
                        "institution",
                        inst.id,
                        TYPES[inst.type],
                        filled.pack,
                        lang,
                        place=(filled.place, *where),
                    ),
                )


def _with_case_forms(names: Sequence[str], lang: str, type_: str) -> list[str]:
    """A place's Russian names with their oblique cases ("Ханое", "Хайфона"; text/russian.py)."""
    if lang != "ru" or type_ != "LOC":
        return list(names)
    return list(dict.fromkeys([*names, *(f for n in names for f in case_forms(n))]))


def _place_slot(name: str, chars: tuple[int, int]) -> tuple[int, int]:
    """Where the place is in a filled name: characters for a CJK name, else tokens (names match by token)."""
    if CJK.match(name):
        return chars
    before = len(name_key(name[: chars[0]]))
    return before, before + len(name_key(name[chars[0] : chars[1]]))


def _cased(name: str) -> bool:
    """A name in a script with capitals ("Jordan", "Phần Lan", "Японии"); Han and Arabic are not."""
    return not CJK.match(name) and name.lower() != name.upper()


def _key(name: str) -> tuple[str, ...]:
    return (name.strip(),) if CJK.match(name) else name_key(name)


def find_gazetteer(
    docs: list[Document], settings: Settings, packs: Sequence[Pack] | None = None
) -> list[Document]:
    """Add a PER/ORG/LOC mention per pack name found; re-running replaces only these."""
    packs = load_packs() if packs is None else packs
    matcher = matcher_for(packs)
    own = {p.name: p.meta.country for p in packs if p.meta.country}
    home = {p.name: frozenset(p.meta.home_languages) for p in packs if p.meta.country}
    for doc in docs:
        doc.mentions = [m for m in doc.mentions if m.method != METHOD]
        matches, qualified = qualify(doc.text, doc.lang, matcher.find(doc.text), own)
        linked = careful(doc.text, matches, doc.lang)
        linked, private = private_people(doc.text, doc.lang, linked)
        for match, cue in private:
            _add_private(doc, match, cue)
        own_here = {k: c for k, c in own.items() if (doc.lang or "").split("-")[0] not in home[k]}
        linked, by_context = qualify_by_context(doc.text, doc.lang, linked, qualified, own_here)
        qualified = [*qualified, *by_context]
        for match in sorted([*linked, *qualified], key=lambda m: m.start):
            if isinstance(match, Qualified):
                _add_qualified(doc, match)
                continue
            type_, entity_id, confidence, attrs = describe(doc.text, match)
            m = doc.add_mention(match.start, match.end, type_, METHOD, confidence, attrs)
            m.entity_id = entity_id
            if entity_id is not None and match.names[0][1].place is not None:
                _add_place_inside(doc, match, m)
            outer = next((q for q in qualified if q.start <= m.start and m.end <= q.end), None) if qualified else None
            if outer is not None:
                m.attrs["inside"] = [outer.start, outer.end]
        find_sound_alikes(doc, METHOD, packs)  # pack people in an Arabic spelling the pack lacks
        find_cyrillic_names(doc, METHOD, packs)  # in a Russian transcription or case the pack lacks
    return docs


# -- a private person who shares an official's name ("Ngư dân Nguyễn Văn An (47 tuổi)") ---------------

PRIVATE_CUES = Path(__file__).resolve().parents[2] / "data" / "people" / "private_cues.toml"
SENTENCE_START = re.compile(r"(?:\A|[.!?…:;\"“(\n])\s*\Z")  # searched in text[:pos]
CUE_WINDOW = 60  # characters looked at before and after a name


@dataclass(frozen=True)
class PrivateCues:
    """One language's cues: words right before (found case-blind, kept only as written or
    capitalised at a sentence start) and patterns right after."""

    before: re.Pattern[str] | None
    written: frozenset[str]  # the before-words as the data writes them, plus their sentence-start forms
    after: re.Pattern[str] | None


@lru_cache(maxsize=32)
def _private_cues(lang: str | None) -> PrivateCues:
    with PRIVATE_CUES.open("rb") as f:
        data = tomllib.load(f).get((lang or "").split("-")[0], {})
    words = sorted(data.get("before", []), key=len, reverse=True)
    before = re.compile(rf"(?<![\w'’])(?P<cue>{'|'.join(re.escape(w) for w in words)})\s+\Z", re.I) if words else None
    after = re.compile("|".join(f"(?:{p})" for p in data.get("after", []))) if data.get("after") else None
    return PrivateCues(before, frozenset(words), after)


def private_people(text: str, lang: str | None, matches: list[Match[Hit]]) -> tuple[list[Match[Hit]], list[tuple[Match[Hit], str]]]:
    """Split off the pack people's names that a private person's cue stands next to (data/people/
    private_cues.toml): an occupation or a familiar form of address right before, an age right after."""
    cues = _private_cues(lang)
    if cues.before is None and cues.after is None:
        return matches, []
    keep: list[Match[Hit]] = []
    private: list[tuple[Match[Hit], str]] = []
    for m in matches:
        cue = _private_cue(text, m, cues) if all(h.kind == "person" for _, h in m.names) else None
        if cue is None:
            keep.append(m)
        else:
            private.append((m, cue))
    return keep, private


def _private_cue(text: str, m: Match[Hit], cues: PrivateCues) -> str | None:
    """The cue next to the match, if any. A word before counts as the data writes it ("anh"; the
    Vietnamese "Anh" mid-sentence is England) or capitalised at the start of a sentence ("Anh An")."""
    start = m.start - len(m.clitic)
    window_start = max(0, start - CUE_WINDOW)
    found = cues.before.search(text, window_start, start) if cues.before is not None else None
    if found is not None:
        cue = found.group("cue")
        if cue in cues.written or (SENTENCE_START.search(text, 0, found.start()) and cue[:1].lower() + cue[1:] in cues.written):
            return cue
    tail = cues.after.match(text, m.end, min(len(text), m.end + CUE_WINDOW)) if cues.after is not None else None
    return tail.group(0).strip() if tail is not None else None


def _add_private(doc: Document, match: Match[Hit], cue: str) -> None:
    hits = [h for _, h in match.names]
    ids = list(dict.fromkeys(h.id for h in hits))
    attrs: dict = {"kind": "person", "pack": hits[0].pack, "lang": hits[0].lang, "not": ids, "private": cue}
    if match.clitic:
        attrs["clitic"] = match.clitic
    doc.add_mention(match.start, match.end, "PER", METHOD, CONFIDENCE, attrs)


# -- another country's institution ("Cambodia's Ministry of National Defence") ------------------------


@dataclass(frozen=True)
class Qualified:
    """A pack institution's name qualified by another country: one unlinked ORG over both
    (by the document as a whole, `by_context`: the name's own span)."""

    start: int
    end: int
    match: Match[Hit]
    country: str
    by_context: bool = False


@dataclass
class Qualifiers:
    """One language's country qualifiers, folded: token keys → (country, which tokens need a capital)."""

    before: dict[tuple[str, ...], tuple[str, tuple[bool, ...]]] = field(default_factory=dict)
    after: dict[tuple[str, ...], tuple[str, tuple[bool, ...]]] = field(default_factory=dict)
    cjk_before: dict[str, str] = field(default_factory=dict)  # Han forms, compared as they are written
    cjk_after: dict[str, str] = field(default_factory=dict)
    longest: int = 0  # tokens
    # quick rejects, so a name with no country next to it costs one regex match and a set look-up
    last_before: set[str] = field(default_factory=set)  # folded last token of the `before` keys
    first_after: set[str] = field(default_factory=set)
    cjk_lengths: tuple[int, ...] = ()  # lengths of the Han forms, longest first


@lru_cache(maxsize=64)
def qualifiers(lang: str | None) -> Qualifiers | None:
    """The compiled qualifiers of a language (`data/geo/countries.toml`), None for one it lacks."""
    rules = country_languages().get(lang or "")
    if rules is None:
        return None
    q = Qualifiers()
    endings = rules.get("adjective_endings", [""])
    for side in ("before", "after"):
        for template in rules.get(side, []):
            for country in countries():
                for form in _fill(template, country, lang or "", endings):
                    _add_form(q, side, form, country["id"])
    q.last_before = {k[-1] for k in q.before}
    q.first_after = {k[0] for k in q.after}
    q.cjk_lengths = tuple(sorted({len(f) for f in (*q.cjk_before, *q.cjk_after)}, reverse=True))
    return q


def _fill(template: str, country: dict, lang: str, endings: list[str]) -> list[str]:
    if "{adj}" in template:
        adjectives = country.get("adjectives", {}).get(lang, [])
        return [template.replace("{adj}", a + e) for a in adjectives for e in endings]
    return [template.replace("{name}", n) for n in country.get("names", {}).get(lang, [])]


def _add_form(q: Qualifiers, side: str, form: str, country: str) -> None:
    if CJK.match(form):
        table = q.cjk_before if side == "before" else q.cjk_after
        table.setdefault(form, country)
        return
    toks = [(s, f) for s, _, f in tokens(form) if f]
    key = tuple(f for _, f in toks)
    capitals = tuple(form[s].isupper() for s, _ in toks)
    (q.before if side == "before" else q.after).setdefault(key, (country, capitals))
    q.longest = max(q.longest, len(key))


def qualify(
    text: str, lang: str | None, matches: list[Match[Hit]], own: dict[str, str]
) -> tuple[list[Match[Hit]], list[Qualified]]:
    """Split off the matches of a country pack's institutions that another country qualifies."""
    if not own:
        return matches, []
    keep: list[Match[Hit]] = []
    qualified: list[Qualified] = []
    for i, m in enumerate(matches):
        head = m.names[0][1]
        if head.type not in QUALIFIED_KINDS or head.kind != "institution" or head.pack not in own:
            keep.append(m)  # most matches: a person, a place, an institution of no country
            continue
        hits = [h for _, h in m.names]
        countries = {own.get(h.pack) for h in hits}
        if not all(h.kind == "institution" and h.type in QUALIFIED_KINDS for h in hits) or None in countries:
            keep.append(m)
            continue
        found = _qualifier(text, m, [lang, hits[0].lang])
        if found is None or found[0] in countries or (hits[0].common and not _written_as_name(text, m)):
            keep.append(m)
            continue
        country, start, end = found
        if any(_cuts(n, start, end) for n in matches[max(0, i - 1) : i + 2]):
            keep.append(m)  # "Bộ Công an Lào Cai": the country's name begins a longer name the packs know
            continue
        qualified.append(Qualified(start, end, m, country))
    return keep, qualified


def qualify_by_context(
    text: str, lang: str | None, matches: list[Match[Hit]], qualified: list[Qualified], own: dict[str, str]
) -> tuple[list[Match[Hit]], list[Qualified]]:
    """Split off the bare institution names of a country's pack in a document about another country
    (see the module docstring); `own` maps pack name → country for the packs this may apply to."""
    bare = [_bare_institution(text, m, own) for m in matches] if own else []
    if not any(bare):
        return matches, []
    foreign: Counter[str] = Counter(q.country for q in qualified)
    for m in matches:
        head = m.names[0][1]
        if head.pack == WORLD and head.id.startswith(GEO_PREFIX):
            foreign[head.id.removeprefix(GEO_PREFIX)] += 1
    adjectives = _adjectives(lang)
    foreign.update(adjectives[t[2]] for t in tokens(text) if t[2] in adjectives)
    signalled = {own[h.pack] for m, b in zip(matches, bare, strict=True) if b is None
                 for _, h in m.names if h.pack in own}
    signalled |= set(foreign) & set(own.values())  # "les députés vietnamiens"
    keep: list[Match[Hit]] = []
    out: list[Qualified] = []
    for m, country in zip(matches, bare, strict=True):
        others = [c for c, n in foreign.most_common() if c != country and n >= CONTEXT_MIN]
        if country is None or country in signalled or not others:
            keep.append(m)
        else:
            out.append(Qualified(m.start, m.end, m, others[0], by_context=True))
    return keep, out


def _bare_institution(text: str, m: Match[Hit], own: dict[str, str]) -> str | None:
    """The country of a match that is only a bare institution name of one country's pack, else None."""
    hits = [h for _, h in m.names]
    countries = {own.get(h.pack) for h in hits}
    if len(countries) != 1 or None in countries:
        return None
    if not all(h.kind == "institution" and h.type in QUALIFIED_KINDS and h.place is None for h in hits):
        return None
    written = text[m.start : m.end]
    country = next(iter(countries))
    assert country is not None
    if is_acronym(written) or any(w in fold(written) for w in _country_words(country)):
        return None
    return country


@lru_cache(maxsize=64)
def _adjectives(lang: str | None) -> dict[str, str]:
    """A language's one-word country adjectives with their endings, folded → country ("francaise" → fr)."""
    endings = country_languages().get(lang or "", {}).get("adjective_endings", [""])
    out: dict[str, str] = {}
    for country in countries():
        for adjective in country.get("adjectives", {}).get(lang or "", []):
            for ending in endings:
                form = fold(adjective + ending).strip()
                if form and " " not in form:
                    out.setdefault(form, country["id"])
    return out


@lru_cache(maxsize=256)
def _country_words(country: str) -> tuple[str, ...]:
    """A country's names and adjectives in every language, folded ("viet nam", "vietnamese", "越南")."""
    entry = next((c for c in countries() if c["id"] == country), {})
    words = [w for field in ("names", "adjectives") for ws in entry.get(field, {}).values() for w in ws]
    return tuple(sorted({fold(w).strip() for w in words if len(w.strip()) > 1}))


def _cuts(m: Match[Hit], start: int, end: int) -> bool:
    """The span start:end cuts the match: they overlap, and the match does not lie inside it."""
    return m.start < end and start < m.end and not (start <= m.start and m.end <= end)


def _written_as_name(text: str, m: Match[Hit]) -> bool:
    """A common-word name ("Government") counts as a name only with its capital, where the script has them."""
    written = text[m.start : m.end]
    return written.lower() == written.upper() or written[:1].isupper()


def _qualifier(text: str, m: Match[Hit], langs: list[str | None]) -> tuple[str, int, int] | None:
    """(country, span start, span end) of a country right before or after the match, if any."""
    start = m.start - len(m.clitic)
    for lang in dict.fromkeys(langs):
        q = qualifiers(lang)
        if q is None:
            continue
        found = _before(text, start, q) or _after(text, m.end, q)
        if found is not None:
            country, at = found
            return (country, at, m.end) if at < start else (country, m.start, at)
    return None


def _before(text: str, start: int, q: Qualifiers) -> tuple[str, int] | None:
    for n in q.cjk_lengths if q.cjk_before else ():
        country = q.cjk_before.get(text[start - n : start]) if n <= start else None
        if country:
            return country, start - n
    if not q.before:
        return None
    base = max(0, start - LOOK_BACK)
    last = LAST_TOKEN.search(text, max(0, start - LAST_TOKEN_CHARS), start)
    if last is None or fold_token(last.group(1)) not in q.last_before:
        return None
    toks = [t for t in tokens(text[base:start]) if t[2]]
    if not toks or not _gap_is_space(text[base + toks[-1][1] : start]):
        return None
    for k in range(min(q.longest, len(toks)), 0, -1):
        seg = toks[-k:]
        hit = q.before.get(tuple(t[2] for t in seg))
        if hit and _capitals_fit(text, base, seg, hit[1]) and "\n" not in text[base + seg[0][0] : start]:
            return hit[0], base + seg[0][0]
    return None


def _after(text: str, end: int, q: Qualifiers) -> tuple[str, int] | None:
    for n in q.cjk_lengths if q.cjk_after else ():
        country = q.cjk_after.get(text[end : end + n])
        if country:
            return country, end + n
    if not q.after:
        return None
    first = FIRST_TOKEN.match(text, end)
    if first is None or fold_token(first.group(1)) not in q.first_after:
        return None
    stop = min(len(text), end + LOOK_AHEAD)
    toks = [t for t in tokens(text[end:stop]) if t[2]]
    if not toks or not _gap_is_space(text[end : end + toks[0][0]]):
        return None
    for k in range(min(q.longest, len(toks)), 0, -1):
        seg = toks[:k]
        hit = q.after.get(tuple(t[2] for t in seg))
        last = end + seg[-1][1]
        if hit and _capitals_fit(text, end, seg, hit[1]) and "\n" not in text[end:last]:
            if last < len(text) and text[last].isalnum():
                continue  # the window cut a word
            return hit[0], last
    return None


def _gap_is_space(gap: str) -> bool:
    return not gap.strip() and "\n" not in gap


def _capitals_fit(text: str, base: int, seg: list[tuple[int, int, str]], capitals: tuple[bool, ...]) -> bool:
    return all(not cap or text[base + s].isupper() for (s, _, _), cap in zip(seg, capitals, strict=True))


def _add_qualified(doc: Document, q: Qualified) -> None:
    hits = [h for _, h in q.match.names]
    ids = list(dict.fromkeys(h.id for h in hits))
    first = hits[0]
    attrs: dict = {"kind": first.kind, "pack": first.pack, "lang": first.lang, "qualifier": q.country}
    attrs["not"] = ids[0] if len(ids) == 1 else ids
    if q.match.clitic and q.start == q.match.start:
        attrs["clitic"] = q.match.clitic
    confidence = _confidence(doc.text[q.match.start : q.match.end], q.match.names[0][0])
    if q.by_context:
        attrs["qualified_by"] = "context"
        confidence *= CONTEXT_FACTOR
    doc.add_mention(q.start, q.end, first.type, METHOD, confidence, attrs)


def _add_place_inside(doc: Document, match: Match[Hit], outer: Mention) -> None:
    """The place named inside a filled pattern ("Ninh Thuận" in "UBND tỉnh Ninh Thuận"): its own LOC."""
    name, hit = match.names[0]
    assert hit.place is not None
    place, first, last = hit.place
    if CJK.match(name):
        start, end = match.start + first, match.start + last
    else:
        toks = [t for t in tokens(doc.text[match.start : match.end]) if t[2]]
        if last > len(toks) or first >= last:
            return
        start, end = match.start + toks[first][0], match.start + toks[last - 1][1]
    attrs = {"kind": "institution", "pack": hit.pack, "lang": hit.lang, "inside": [outer.start, outer.end]}
    m = doc.add_mention(start, end, "LOC", METHOD, outer.confidence, attrs)
    m.entity_id = place


def careful(text: str, matches: list[Match[Hit]], lang: str | None = None) -> list[Match[Hit]]:
    """The matches, less the common-word names (`Hit.common`) whose context does not single them
    out, and the countries' names (`Hit.guarded`) that are not written as the country's (`_stands_alone`)."""
    if not any(h.common or h.guarded for m in matches for _, h in m.names):
        return matches
    people = {m.start for m in matches if any(h.kind == "person" for _, h in m.names)}
    out = []
    for m in matches:
        for flag in ("common", "guarded"):
            if not any(getattr(h, flag) for _, h in m.names):
                continue
            if flag == "common":
                kept = m.names if _singled_out(text, m, people) else tuple((n, h) for n, h in m.names if not h.common)
            else:
                kept = tuple((n, h) for n, h in m.names if not h.guarded or _stands_alone(text, m, n, people, lang))
            if kept != m.names:
                if not kept:
                    break
                m = replace(m, names=kept)
        else:
            out.append(m)
    return out


def _stands_alone(text: str, m: Match[Hit], name: str, people: set[int], lang: str | None) -> bool:
    """A country's name is written as the country's: with its capital and its letters (diacritics
    too, case aside: "góp phần lan tỏa" is not Finland, the English "Lao" not the Vietnamese "Lào").
    A one-word name ("Jordan", "Nga", "Японии") is the country, not a person's name nor
    part of a longer name: no honorific right before it ("Mr Jordan", "ông Đức"); no capitalised
    word right before it mid-sentence ("Michael Jordan", "Tuấn Anh") other than a function word of
    the language (data/stopwords) or a word of two letters; none right after it ("Jordan
    Henderson", "Japan Airlines"; a known person's name after it is fine). Where a capital tells
    nothing (the name, or the capitalised word before it, starts a sentence: "Anh cho biết", "Lan
    Anh nói") only an acronym or a name of MIN_LETTERS_AT_START letters or more links ("Japan
    said", "Делегация Камбоджи"). Left as a risk: a person's one-word given name + a country's
    long name at a sentence start ("Michael Jordan scored.")."""
    written = text[m.start : m.end]
    if _spelled(written) != _spelled(name) or (name[:1].isupper() and not written[:1].isupper()):
        return False
    if len(name_key(name)) > 1:
        return True
    start = m.start - len(m.clitic)
    prev = PREV_WORD.search(text, max(0, start - LOOK_BACK), start)
    if prev and prev.group(1).casefold() in HONORIFICS:
        return False
    if _sentence_starts(text, start):
        if not is_acronym(written) and _letters(written) < MIN_LETTERS_AT_START:
            return False
    else:
        before = WORD_BEFORE.search(text, max(0, start - LOOK_BACK), start)
        word = before.group(1) if before else ""
        if word[:1].isupper() and not _function_word(word, lang) and len(word) > FUNCTION_WORD_LETTERS:
            if before is not None and not _sentence_starts(text, before.start(1)):
                return False  # "Michael Jordan", "Tuấn Anh" mid-sentence
            if _letters(written) < MIN_LETTERS_AT_START:
                return False  # "Lan Anh" starting a sentence; "Делегация Камбоджи" is fine
    after = LETTER_AFTER.match(text, m.end)
    return not (after and after.group(1).isupper() and after.start(1) not in people)


def _spelled(name: str) -> str:
    """A name as spelled, case, spacing, apostrophes and the Russian ё aside."""
    return " ".join(name.replace("’", "'").split()).casefold().replace("ё", "е")


def _letters(word: str) -> int:
    return sum(c.isalpha() for c in word)


def _function_word(word: str, lang: str | None) -> bool:
    return fold_token(word) in stopwords((lang or "").split("-")[0])


def _singled_out(text: str, m: Match[Hit], people: set[int]) -> bool:
    """A common word names the institution: capitalised, mid-sentence, not part of a longer name."""
    written = text[m.start : m.end]
    if written.lower() == written.upper() or not written[:1].isupper():
        return False  # no capitals in this script, or written lower-case
    start = m.start - len(m.clitic)
    if _sentence_starts(text, start):
        return False
    before = WORD_BEFORE.search(text, max(0, start - LOOK_BACK), start)
    if before and before.group(1)[:1].isupper() and not _sentence_starts(text, before.start(1)):
        return False  # "Cambodian Government": a longer name we do not know
    joined = JOINED_AFTER.match(text, m.end)
    if joined and joined.group(1).isupper():
        return False  # "Government of Laos": of another country, or a longer name we do not know
    after = LETTER_AFTER.match(text, m.end)
    return not (after and after.group(1).isupper() and after.start(1) not in people)


def _sentence_starts(text: str, pos: int) -> bool:
    head = text[max(0, pos - LOOK_BACK) : pos]
    return (not head.strip() and pos - len(head) == 0) or bool(SENTENCE_END.search(head))


def describe(text: str, match: Match[Hit]) -> tuple[str, str | None, float, dict]:
    """Type, entity id (None when ambiguous), confidence and attrs of one match."""
    hits = [h for _, h in match.names]
    ids = list(dict.fromkeys(h.id for h in hits))
    first = hits[0]
    attrs: dict = {"kind": first.kind, "pack": first.pack, "lang": first.lang}
    if match.clitic:
        attrs["clitic"] = match.clitic
        full = _article_restored(text[match.start : match.end], match.clitic, match.names[0][0])
        if full:
            attrs["restored"] = full
    if len(ids) > 1:
        attrs["candidates"] = ids
        return first.type, None, CONFIDENCE_AMBIGUOUS, attrs
    return first.type, first.id, _confidence(text[match.start : match.end], match.names[0][0]), attrs


def _article_restored(written: str, clitic: str, name: str) -> str | None:
    """The name with the article that the clitic ل absorbed: لِـ + اللجنة is written "للجنة" and
    لِـ + الحزب "للحزب", so the span after the clitic ("لجنة المركزية") lacks the article the pack's
    name has ("اللجنة المركزية"). None when nothing was absorbed (لِـ + لبنان = "للبنان")."""
    if not clitic.endswith("ل") or written.startswith("ال") or not name.startswith("ال"):
        return None
    restored = "ال" + written
    return restored if fold(restored) == fold(name) else None


def _confidence(written: str, name: str) -> float:
    if CJK.match(name):
        return CONFIDENCE if len(name) > SHORT_CJK else CONFIDENCE_ONE_WORD
    return CONFIDENCE if len(name_key(name)) > 1 or is_acronym(name) else CONFIDENCE_ONE_WORD
