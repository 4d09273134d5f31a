"""Entities as users ask about them: names by language and script, posts over time, documents,
co-mentioned entities — each fact with where it came from (a pack source, or mentions in stored
documents, which point to the characters they were read from).

Pack entities (people, institutions) have the pack's id; mentions link to them by `entity_id`.
Entities no pack knows get ids from the linker (`linking/`: `per:tran-van-minh`, origin
"learned") and are read from the store's `entities` / `entity_names` tables; pack entities add
their pack names and posts. Posts come from two places, kept apart and never overwritten: the
pack's record (with its source) and the evidence of TITLE mentions bound to a person in dated
articles.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from .errors import NotFound
from .packs import Pack, find_entity, load_packs, who_held
from .store.base import Store
from .text.scripts import script_of


def _pack_entity(packs: Sequence[Pack], entity_id: str) -> tuple[str, Any, Pack] | None:
    """(type, entry, pack) for a pack id: people, institutions, pattern institutions filled for a place."""
    found = find_entity(packs, entity_id)
    return (found.type, found.entity, found.pack) if found else None


def _canonical_name(names: dict[str, list[str]], languages: Sequence[str]) -> str:
    """The first name in the pack's first language that has one (a pack lists its languages by priority)."""
    for lang in [*languages, *names]:
        if names.get(lang):
            return names[lang][0]
    return "?"


def _aliases(names: dict[str, list[str]], seen_in: dict[str, Counter[str]]) -> list[dict[str, Any]]:
    """Every name with its language and script; `seen` counts how often documents used it."""
    out = []
    credited: set[str] = set()
    for lang, forms in names.items():
        for name in forms:
            seen = 0 if name in credited else seen_in.get(name, Counter()).total()
            credited.add(name)
            out.append({"name": name, "lang": lang, "script": script_of(name), "seen": seen})
    for name, langs in seen_in.items():  # surface forms met in text that the pack does not list
        if not any(a["name"] == name for a in out):
            lang = langs.most_common(1)[0][0]
            out.append({"name": name, "lang": lang, "script": script_of(name), "seen": langs.total()})
    return out


def _pack_roles(entity: Any, pack: Pack) -> list[dict[str, Any]]:
    roles = []
    for held in getattr(entity, "posts", []):
        post = pack.posts.get(held.title)
        title = post.names.get("en", [held.title])[0] if post else held.title
        roles.append({"title": title, "post_id": held.title if post else None, "org": held.org or (post.org if post else None),
                      "start": held.start, "end": None if held.end in (None, "unknown") else held.end,
                      "source": f"pack:{pack.meta.name}:{held.source}", "confidence": held.confidence})
    return roles


def _mention_posts(m: dict[str, Any]) -> list[dict[str, Any]]:
    """The posts bound to a mention: the titles stage's (a pack person's post), else the offices
    the linker read for a person no pack knows (`attrs["link"]["posts"]`)."""
    attrs = m.get("attrs", {})
    titles = [t for t in attrs.get("titles", []) or [] if t.get("post_id") or t.get("title")]
    linked = (attrs.get("link") or {}).get("posts") or []
    return titles or [{"post_id": p} for p in linked]


def _evidence_roles(mentions: list[dict[str, Any]], packs: Sequence[Pack] = ()) -> list[dict[str, Any]]:
    """Posts read from TITLE mentions bound to this person, first/last seen by publication date."""
    spans: dict[tuple[str, str | None], dict[str, Any]] = {}
    for m in mentions:
        for t in _mention_posts(m):
            key = (t.get("post_id") or t.get("title") or "?", t.get("org_id"))
            date = m.get("published")
            r = spans.setdefault(key, {"title": key[0], "post_id": t.get("post_id"), "org": key[1], "first_seen": date,
                                       "last_seen": date, "evidence": []})
            if date and (not r["first_seen"] or date < r["first_seen"]):
                r["first_seen"] = date
            if date and (not r["last_seen"] or date > r["last_seen"]):
                r["last_seen"] = date
            r["evidence"].append({"document": m["doc_id"], "start": m["start"], "end": m["end"]})
    for r in spans.values():
        r["title"] = _post_title(packs, r["title"])
    return list(spans.values())


def _post_title(packs: Sequence[Pack], post_id: str) -> str:
    """A post id's English name from the packs (the id itself when no pack has it)."""
    for pack in packs:
        post = pack.posts.get(post_id)
        if post:
            return next(iter(post.names.get("en") or next(iter(post.names.values()))))
    return post_id


def _stored_aliases(store: Store, entity_id: str) -> list[dict[str, Any]]:
    """Names the linker recorded (pack names, surfaces seen), blocked ones left out."""
    return [{"name": r["name"], "lang": r["lang"] or "?", "script": r["script"] or script_of(r["name"]), "seen": r["seen"]}
            for r in store.entity_names(entity_id) if not r["blocked"]]


MAX_MENTIONS = 2000
"""Mentions an entity record reads to count its names as written (its latest ones), and mentions
carrying posts it reads as evidence (its earliest and latest ones, so first and last seen stay
exact): a country named in 100k articles would otherwise cost seconds per record. Documents and
mentions by language are counted in full; `names_counted_over` and `evidence_counted_over` say
when the rest were not."""
CO_MENTION_DOCS = 2000  # co-mentioned entities are counted over the entity's latest documents


def entity_record(store: Store, entity_id: str, packs: Sequence[Pack] | None = None, co_limit: int = 20,
                  max_mentions: int = MAX_MENTIONS, documents_limit: int | None = None) -> dict[str, Any]:
    """The entity shape of DESIGN.md (id, type, name, aliases, roles, documents) plus evidence.

    Bounded work for any entity size (see MAX_MENTIONS): names are counted over its latest
    `max_mentions` mentions, post evidence over its earliest and latest, co-mentions over its latest
    CO_MENTION_DOCS documents; documents and language counts are exact. `documents_limit`: list
    only the first document ids (`documents_total` counts them all)."""
    packs = load_packs() if packs is None else packs
    found = _pack_entity(packs, entity_id)
    mentions = store.mentions_of(entity_id, limit=max_mentions)
    row = store.entity(entity_id)
    if found is None and not mentions and row is None:
        raise NotFound(f"no entity with id {entity_id!r}")
    by_lang = store.entity_mention_counts(entity_id)
    seen_in: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        seen_in[m["text"]][m.get("lang") or "?"] += 1
    if found:
        etype, entity, pack = found
        names = dict(entity.names)
        name = _canonical_name(names, pack.meta.languages)
        roles = _pack_roles(entity, pack)
        aliases = _aliases(names, seen_in)
    else:
        etype = row["type"] if row else mentions[0]["type"]
        name = row["name"] if row else max(seen_in, key=lambda n: seen_in[n].total())
        roles = []
        aliases = (_stored_aliases(store, entity_id) if row else []) or _aliases({}, seen_in)
    total = sum(by_lang.values())
    evidence, evidence_cut = _post_mentions(store, entity_id, max_mentions)
    rec = {
        "id": entity_id,
        "type": etype,
        "name": name,
        "origin": row["origin"] if row else (f"pack:{found[2].meta.name}" if found else None),
        "confidence": row["confidence"] if row else None,
        "aliases": aliases,
        "roles": roles,
        "roles_from_text": _evidence_roles(evidence, packs),
        "documents": store.entity_document_ids(entity_id, documents_limit),
        "documents_total": store.entity_document_count(entity_id),
        "mentions_total": total,
        "mentions_by_lang": by_lang,
        "co_mentioned": store.co_mentioned(entity_id, co_limit, max_docs=CO_MENTION_DOCS),
    }
    if total > len(mentions):
        rec["names_counted_over"] = len(mentions)
    if evidence_cut:
        rec["evidence_counted_over"] = len(evidence)
        _complete_spans(rec["roles_from_text"], store.entity_post_spans(entity_id), packs)
    return rec


def _complete_spans(roles: list[dict[str, Any]], spans: list[dict[str, Any]], packs: Sequence[Pack]) -> None:
    """Exact first/last seen and mention counts of every post (from SQL over all mentions) on the
    roles read from a sample of them; a post the sample missed is added without evidence."""
    by_key = {(r["post_id"] or r["title"], r["org"]): r for r in roles}
    for sp in spans:
        r = by_key.get((sp["key"], sp["org"]))
        if r is None:
            r = {"title": _post_title(packs, sp["key"]), "post_id": sp["key"], "org": sp["org"], "evidence": []}
            roles.append(r)
        r.update(first_seen=sp["first_seen"], last_seen=sp["last_seen"], mentions=sp["mentions"])


def _post_mentions(store: Store, entity_id: str, limit: int) -> tuple[list[dict[str, Any]], bool]:
    """The entity's mentions that may carry posts: all when at most `limit`, else the earliest and
    latest `limit` // 2 each (True: some in between were left out)."""
    latest = store.mentions_of(entity_id, limit=limit, with_posts=True)
    if len(latest) < limit:
        return latest, False
    half = limit // 2
    earliest = store.mentions_of(entity_id, limit=half, with_posts=True, earliest=True)
    seen = {(m["doc_id"], m["start"]) for m in earliest}
    return earliest + [m for m in latest[-half:] if (m["doc_id"], m["start"]) not in seen], True


def contract_shape(rec: dict[str, Any]) -> dict[str, Any]:
    """The stable entity shape of DESIGN.md (export --what entities); roles keep their source."""
    return {
        "id": rec["id"],
        "type": rec["type"],
        "name": rec["name"],
        "aliases": [{k: a[k] for k in ("name", "lang", "script")} for a in rec["aliases"]],
        "roles": [{k: r.get(k) for k in ("title", "org", "start", "end", "source")} for r in rec["roles"]],
        "documents": rec["documents"],
    }


def iter_entities(store: Store, packs: Sequence[Pack] | None = None) -> Iterator[dict[str, Any]]:
    """Every entity that stored documents mention, in the contract shape."""
    packs = load_packs() if packs is None else packs
    for entity_id in store.linked_entities():
        yield contract_shape(entity_record(store, entity_id, packs))


def who(store: Store, post: str, on: str, packs: Sequence[Pack] | None = None) -> list[dict[str, Any]]:
    """Who held `post` on date `on`: the pack's records (with sources) and text evidence around that date."""
    packs = load_packs() if packs is None else packs
    out = []
    for person_id, held in who_held(packs, post, on):
        found = _pack_entity(packs, person_id)
        name = next(iter(found[1].names.values()))[0] if found else person_id
        out.append({"id": person_id, "name": name, "post": held.title, "org": held.org, "start": held.start,
                    "end": None if held.end in (None, "unknown") else held.end, "source": held.source,
                    "documents": store.entity_document_ids(person_id, limit=20)})
    return out
