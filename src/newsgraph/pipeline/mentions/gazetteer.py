"""Gazetteer: high-precision PER/ORG/LOC mentions for the names the domain packs know, linked to them.

People → PER, institutions → ORG or LOC by their `type`, acronym tables → their institution, in
any language and script (matcher.py: folded, on word boundaries, CJK as substrings, Arabic
clitics off, leftmost-longest). So "Luong Cuong", "Lương Cường" and "梁强" are one PER with
`entity_id="luong-cuong"`, and "MINUSS"/"UNMISS" one ORG. What is not linked blindly:

- a person's one-word name (a given name or surname alone) is never matched: the coref stage
  finds short forms once the full name is in the document;
- a name shared by two entities gives a mention with `entity_id=None` and `attrs["candidates"]`;
- acronyms match with their capitals only; a one-word capitalised name must be capitalised.

`attrs`: `kind` (person/institution), `pack`, `lang` (language of the name that matched),
`clitic` (Arabic proclitic left out of the span, when any), `candidates` when ambiguous.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ...config import Settings
from ...model.document import Document
from ...packs import Pack, load_packs
from .matcher import CJK, Match, Matcher, is_acronym, name_key

REQUIRES = ("text", "lang")
ASSIGNS = ("mentions",)
METHOD = "gazetteer.packs.v1"
TYPES = {"ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC", "MISC": "MISC"}
CONFIDENCE = 0.95  # a full name of two or more words, or an acronym
CONFIDENCE_ONE_WORD = 0.85  # a one-word name ("Hanoi", "Politburo") or a short CJK name
CONFIDENCE_AMBIGUOUS = 0.5
SHORT_CJK = 2  # characters


@dataclass(frozen=True)
class Hit:
    kind: str  # person | institution
    id: str
    type: str  # PER ORG LOC MISC
    pack: str
    lang: str


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
                        (n, Hit("institution", inst.id, inst_type[inst.id], pack.name, lang)) for n in names
                    )
        for acr in pack.acronyms:
            for lang, forms in acr.forms.items():
                hit = Hit(
                    "institution", acr.institution, inst_type.get(acr.institution, "ORG"), pack.name, lang
                )
                yield from ((f, hit) for f in forms)


def find_gazetteer(
    docs: list[Document], settings: Settings, packs: Sequence[Pack] | None = None
) -> list[Document]:
    """Add a PER/ORG/LOC mention per pack name found; re-running replaces only these."""
    matcher = matcher_for(load_packs() if packs is None else packs)
    for doc in docs:
        doc.mentions = [m for m in doc.mentions if m.method != METHOD]
        for match in matcher.find(doc.text):
            type_, entity_id, confidence, attrs = describe(doc.text, match)
            m = doc.add_mention(match.start, match.end, type_, METHOD, confidence, attrs)
            m.entity_id = entity_id
    return docs


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
