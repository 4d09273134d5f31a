"""TITLE mentions for the posts and ranks of the packs' posts.toml, bound to the person they qualify.

Post names in any language ("State President", "vice-ministre de la Défense", "Chủ tịch nước",
"نائب سكرتير لجنة الحزب الإقليمية") are found with the shared matcher (matcher.py). Each is then
bound to a PER mention already in the document (gazetteer, coref, NER: any method):

1. forward: the PER right after it, across glue words ("M.", "comrade", "الرفيق", "and", commas)
   and other titles, so "Minister of National Defence General Phan Van Giang" binds both titles;
2. backward, in apposition: "Hoàng Xuân Chiên, vice-ministre de la Défense", "Nguyen Phu Trong,
   who is also Secretary of ...", "فام فان هاو، نائب ...";
3. not at all when a capitalised word that is no known person follows ("President Macron" with
   no PER mention): the title qualifies someone we do not know, so it is no role reference either;
4. a title with no name ("the President", "the State leader", "le président", "رئيس اللجنة
   الشعبية الإقليمية") is a role reference: it refers to the most recent PER bound earlier in the
   same document to a matching post (`attrs["refers_to"]`), or to none.

TITLE `attrs`: `post_id` (the post the bound pack person held, a rank, or None),
`post_candidates` (the posts this name can mean), `org_id`, `place_id`, `kind` (office, party,
rank, membership), `person_span` ([start, end] of the PER), `person_id` (also when the post
tells apart the candidates of an ambiguous PER: then `person_resolved_by="post"`), `binding`
(after, before, role), `refers_to` (span of the PER a role refers to). The bound PER mention gets
`attrs["titles"]`: [{"post_id", "span"}]. Re-running replaces this stage's mentions and titles.
The stage reads PER mentions, so run it after the gazetteer and coref stages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ...config import Settings
from ...model.document import Document, Mention
from ...packs import Pack, load_packs
from .matcher import ARABIC, CJK, Match, Matcher, name_key

REQUIRES = ("text", "lang", "mentions")
ASSIGNS = ("mentions",)
METHOD = "titles.packs.v1"
TYPE = "TITLE"
CONFIDENCE_BOUND = 0.9
CONFIDENCE_ROLE = 0.7
CONFIDENCE_ROLE_UNRESOLVED = 0.5
MAX_GAP = 40  # characters between a title and its person
# Language glue, not country knowledge: words allowed between a title and the name it qualifies,
# words of an apposition after a name, determiners before a role ("the President").
_FORWARD = (
    "m. mr mr. mrs mrs. ms ms. mme mme. dr dr. comrade camarade genosse товарищ đồng chí ông bà "
    "الرفيق السيد and et và y und и و"
)
_BACK = "who is was also qui est aussi également était وهو وهي the le la les l' el der die"
_DETERMINERS = "the le la l' el der die das il lo"
FORWARD_WORDS = frozenset(_FORWARD.split())
BACK_WORDS = frozenset(_BACK.split())
DETERMINERS = frozenset(_DETERMINERS.split())
SPLIT = re.compile(r"[\s,،]+")
ELIDED = re.compile(r"(?i)\bl['’]$")  # "l'" glued to the title that follows
CAPITALISED = re.compile(r"\s+([^\W\d_])")


@dataclass(frozen=True)
class PostHit:
    post_id: str
    kind: str
    org: str | None
    generic: str | None
    pack: str


_MATCHERS: dict[tuple[tuple[str, str], ...], Matcher[PostHit]] = {}


def matcher_for(packs: Sequence[Pack]) -> Matcher[PostHit]:
    key = tuple((p.name, str(p.path)) for p in packs)
    if key not in _MATCHERS:
        _MATCHERS[key] = Matcher.build(post_names(packs))
    return _MATCHERS[key]


_LANGS: dict[tuple[tuple[str, str], ...], dict[tuple[str, str], frozenset[str]]] = {}


def name_langs(packs: Sequence[Pack]) -> dict[tuple[str, str], frozenset[str]]:
    """(post id, name) → the languages the pack gives that name in, built once per process."""
    key = tuple((p.name, str(p.path)) for p in packs)
    if key not in _LANGS:
        out: dict[tuple[str, str], set[str]] = {}
        for pack in packs:
            for post in pack.posts.values():
                for lang, names in post.names.items():
                    for n in names:
                        out.setdefault((post.id, n.strip()), set()).add(lang)
        _LANGS[key] = {k: frozenset(v) for k, v in out.items()}
    return _LANGS[key]


def post_names(packs: Sequence[Pack]) -> Iterable[tuple[str, PostHit]]:
    for pack in packs:
        for post in pack.posts.values():
            hit = PostHit(post.id, post.kind, post.org, post.generic, pack.name)
            for names in post.names.values():
                yield from ((n, hit) for n in names)


@dataclass(frozen=True)
class Known:
    people: dict[str, Any]  # person id → packs Person
    generic: dict[str, str | None]  # post id → its generic post


@dataclass
class Title:
    match: Match[PostHit]
    posts: tuple[PostHit, ...]
    person: Mention | None = None
    binding: str | None = None

    @property
    def start(self) -> int:
        return self.match.start

    @property
    def end(self) -> int:
        return self.match.end


def find_titles(
    docs: list[Document], settings: Settings, packs: Sequence[Pack] | None = None
) -> list[Document]:
    """Add TITLE mentions bound to their person (or a role's referent); re-running replaces them."""
    packs = load_packs() if packs is None else packs
    matcher = matcher_for(packs)
    langs = name_langs(packs)
    known = Known(
        {pid: p for pack in packs for pid, p in pack.people.items()},
        {pid: p.generic for pack in packs for pid, p in pack.posts.items()},
    )
    for doc in docs:
        doc.mentions = [m for m in doc.mentions if m.method != METHOD]
        persons = person_mentions(doc.mentions)
        for m in persons:
            m.attrs.pop("titles", None)
        titles = [
            Title(x, tuple(dict.fromkeys(h for _, h in x.names)))
            for x in matcher.find(doc.text)
            if in_language(doc.text, doc.lang, x, langs)
        ]
        bind(doc.text, titles, persons)
        write(doc, titles, known)
    return docs


def in_language(
    text: str, lang: str | None, match: Match[PostHit], langs: dict[tuple[str, str], frozenset[str]]
) -> bool:
    """A one-word title written in lower case is a common word of some language ("président" in
    French, not "president" in English): it counts only through a name of the document's language."""
    written = text[match.start : match.end]
    if lang is None or not written[:1].islower() or len(name_key(written)) > 1:
        return True
    return any(lang in langs.get((hit.post_id, name), ()) for name, hit in match.names)


def person_mentions(mentions: Iterable[Mention]) -> list[Mention]:
    """PER mentions in reading order, one per place: linked ones first, then unlinked ones that
    overlap none of them (an NER span "President Luong Cuong" yields to the pack's "Luong Cuong")."""
    chosen: list[Mention] = []
    for m in sorted(
        (m for m in mentions if m.type == "PER"), key=lambda m: (m.entity_id is None, m.start, -m.end)
    ):
        if all(m.end <= c.start or c.end <= m.start for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


# ---------------------------------------------------------------- binding


def bind(text: str, titles: list[Title], persons: list[Mention]) -> None:
    """Forward (right to left, so a chain of titles reaches the name), then backward apposition."""
    for i in range(len(titles) - 1, -1, -1):
        t = titles[i]
        nxt = next((p for p in persons if p.start >= t.end), None)
        after = titles[i + 1] if i + 1 < len(titles) else None
        chained = (
            after and after.person and after.binding == "after" and (nxt is None or after.start < nxt.start)
        )
        if chained and after and _glue(text[t.end : after.start], FORWARD_WORDS):
            t.person, t.binding = after.person, "after"
            continue
        if (
            nxt
            and (after is None or nxt.start <= after.start)
            and _glue(text[t.end : nxt.start], FORWARD_WORDS)
        ):
            t.person, t.binding = nxt, "after"
        elif _unknown_name_follows(text, t, persons):
            t.binding = "unknown-name"
    for t in titles:
        if t.person is None and t.binding is None:
            prev = next((p for p in reversed(persons) if p.end <= t.start), None)
            if prev and _apposition(text[prev.end : t.start]):
                t.person, t.binding = prev, "before"


def _glue(gap: str, words: frozenset[str]) -> bool:
    return len(gap) <= MAX_GAP and all(w.casefold() in words for w in SPLIT.split(gap) if w)


def _apposition(gap: str) -> bool:
    head = gap.lstrip()
    return head[:1] in (",", "،") and _glue(ELIDED.sub(" l'", head[1:]), BACK_WORDS)


def _unknown_name_follows(text: str, t: Title, persons: list[Mention]) -> bool:
    """A capitalised word right after the title that no PER mention covers: someone we do not know."""
    m = CAPITALISED.match(text, t.end)
    if not m or not m.group(1).isupper():
        return False
    return not any(p.start <= m.start(1) < p.end for p in persons)


# ---------------------------------------------------------------- writing


def write(doc: Document, titles: list[Title], known: Known) -> None:
    bound: list[tuple[Title, dict[str, Any]]] = []
    for t in titles:
        if t.person is not None:
            attrs = _bound_attrs(t, known)
            doc.add_mention(t.start, t.end, TYPE, METHOD, CONFIDENCE_BOUND, attrs)
            t.person.attrs.setdefault("titles", []).append(
                {"post_id": attrs["post_id"], "span": [t.start, t.end]}
            )
            bound.append((t, attrs))
        elif t.binding is None and _is_role(doc.text, t):
            attrs = _role_attrs(t, bound)
            conf = CONFIDENCE_ROLE if attrs["refers_to"] else CONFIDENCE_ROLE_UNRESOLVED
            doc.add_mention(t.start, t.end, TYPE, METHOD, conf, attrs)


def _base_attrs(t: Title) -> dict[str, Any]:
    return {
        "post_id": None,
        "post_candidates": [h.post_id for h in t.posts],
        "org_id": None,
        "place_id": None,
        "kind": t.posts[0].kind,
        "person_span": None,
        "person_id": None,
        "binding": t.binding,
        "refers_to": None,
    }


def _bound_attrs(t: Title, known: Known) -> dict[str, Any]:
    assert t.person is not None
    attrs = _base_attrs(t)
    person_id = t.person.entity_id or _candidate_holding(t, known)
    attrs.update(person_span=[t.person.start, t.person.end], person_id=person_id)
    if person_id and not t.person.entity_id:
        attrs["person_resolved_by"] = "post"
    _resolve_post(attrs, t.posts, known.people.get(person_id or ""), known)
    return attrs


def _candidate_holding(t: Title, known: Known) -> str | None:
    """Of an ambiguous PER's candidates (two people, one name), the only one who held this post."""
    assert t.person is not None
    wanted = {h.post_id for h in t.posts}
    holders = [
        c
        for c in t.person.attrs.get("candidates", [])
        if c in known.people
        and any(wanted & {h.title, known.generic.get(h.title)} for h in known.people[c].posts)
    ]
    return holders[0] if len(holders) == 1 else None


def _resolve_post(attrs: dict[str, Any], posts: tuple[PostHit, ...], person: Any, known: Known) -> None:
    """The post the pack says this person held (a specialisation of a generic title counts); ranks
    are recognised for anyone; for anyone else the post stays open (`post_candidates`)."""
    held = {h.title: h for h in person.posts} if person is not None else {}
    for hit in posts:
        for title, h in held.items():
            if hit.post_id in (title, known.generic.get(title)):
                attrs.update(post_id=title, org_id=h.org or hit.org, place_id=h.place)
                return
    if posts[0].kind == "rank":
        attrs.update(post_id=posts[0].post_id)


def _is_role(text: str, t: Title) -> bool:
    """A title standing for a person: several words, or one after a determiner ("the President")."""
    if t.posts[0].kind == "rank":
        return False
    written = text[t.start : t.end]
    if (
        CJK.match(written)
        or len(name_key(written)) > 1
        or (ARABIC.match(written) and (written.startswith("ال") or t.match.clitic.endswith("لل")))
    ):
        return True
    before = SPLIT.split(text[max(0, t.start - 12) : t.start].rstrip())[-1]
    return before.casefold() in DETERMINERS or bool(ELIDED.search(text[max(0, t.start - 2) : t.start]))


def _role_attrs(t: Title, bound: list[tuple[Title, dict[str, Any]]]) -> dict[str, Any]:
    attrs = _base_attrs(t)
    attrs["binding"] = "role"
    wanted = {h.post_id for h in t.posts}
    for earlier, eattrs in reversed(bound):
        if earlier.end > t.start:
            continue
        if wanted & ({eattrs["post_id"]} | set(eattrs["post_candidates"])):
            attrs.update(refers_to=eattrs["person_span"], person_id=eattrs["person_id"])
            attrs.update(post_id=eattrs["post_id"], org_id=eattrs["org_id"], place_id=eattrs["place_id"])
            return attrs
    return attrs
