"""Gazetteer: high-precision PER/ORG/LOC mentions for the names the domain packs know, linked to them.

People → PER, institutions → ORG or LOC by their `type`, acronym tables → their institution, in
any language and script (matcher.py: folded, on word boundaries, CJK as substrings, Arabic
clitics off, leftmost-longest). So "Luong Cuong", "Lương Cường" and "梁强" are one PER with
`entity_id="luong-cuong"`, and "MINUSS"/"UNMISS" one ORG. What is not linked blindly:

- a person's one-word name (a given name or surname alone) is never matched: the coref stage
  finds short forms once the full name is in the document;
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

`attrs`: `kind` (person/institution), `pack`, `lang` (language of the name that matched),
`clitic` (Arabic proclitic left out of the span, when any), `candidates` when ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ...config import Settings
from ...model.document import Document, Mention
from ...packs import Pack, load_packs, pattern_institutions
from .matcher import CJK, Match, Matcher, is_acronym, name_key, tokens

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


@dataclass(frozen=True)
class Hit:
    kind: str  # person | institution
    id: str
    type: str  # PER ORG LOC MISC
    pack: str
    lang: str
    common: bool = False  # the name is also a common word (`common_names`)
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
                            ),
                        )
                        for n in names
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


def _place_slot(name: str, chars: tuple[int, int]) -> tuple[int, int]:
    """Where the place is in a filled name: characters for a CJK name, else tokens (names match by token)."""
    if CJK.match(name):
        return chars
    before = len(name_key(name[: chars[0]]))
    return before, before + len(name_key(name[chars[0] : chars[1]]))


def _key(name: str) -> tuple[str, ...]:
    return (name.strip(),) if CJK.match(name) else name_key(name)


def find_gazetteer(
    docs: list[Document], settings: Settings, packs: Sequence[Pack] | None = None
) -> list[Document]:
    """Add a PER/ORG/LOC mention per pack name found; re-running replaces only these."""
    matcher = matcher_for(load_packs() if packs is None else packs)
    for doc in docs:
        doc.mentions = [m for m in doc.mentions if m.method != METHOD]
        for match in careful(doc.text, matcher.find(doc.text)):
            type_, entity_id, confidence, attrs = describe(doc.text, match)
            m = doc.add_mention(match.start, match.end, type_, METHOD, confidence, attrs)
            m.entity_id = entity_id
            if entity_id is not None and match.names[0][1].place is not None:
                _add_place_inside(doc, match, m)
    return docs


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


def careful(text: str, matches: list[Match[Hit]]) -> list[Match[Hit]]:
    """The matches, less the common-word names (`Hit.common`) whose context does not single them out."""
    if not any(h.common for m in matches for _, h in m.names):
        return matches
    people = {m.start for m in matches if any(h.kind == "person" for _, h in m.names)}
    out = []
    for m in matches:
        if any(h.common for _, h in m.names) and not _singled_out(text, m, people):
            kept = tuple((n, h) for n, h in m.names if not h.common)
            if not kept:
                continue
            m = replace(m, names=kept)
        out.append(m)
    return out


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
    if len(ids) > 1:
        attrs["candidates"] = ids
        return first.type, None, CONFIDENCE_AMBIGUOUS, attrs
    return first.type, first.id, _confidence(text[match.start : match.end], match.names[0][0]), attrs


def _confidence(written: str, name: str) -> float:
    if CJK.match(name):
        return CONFIDENCE if len(name) > SHORT_CJK else CONFIDENCE_ONE_WORD
    return CONFIDENCE if len(name_key(name)) > 1 or is_acronym(name) else CONFIDENCE_ONE_WORD
