"""Entities: the list (`q` over every name, folded), one entity as corrected, its documents, its
mentions by month, its co-mention network; and `who` held a post on a date."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Query

from ...corrections import redirect_of
from ...corrections.record import entity_type
from ...corrections.view import corrected_record
from ...entities import who as who_held
from ...errors import NotFound
from ..deps import Ng
from ..paging import FilterParams, PageParams, checked_date

router = APIRouter(tags=["entities"])
FIRST_DOCUMENTS = 50  # documents listed in an entity record; the rest through /entities/{id}/documents
FIRST_EVIDENCE = 20  # evidence mentions listed per post read from text

ITEM = {"id": "phan-van-giang", "type": "PER", "name": "Phan Văn Giang", "documents": 14}
RECORD = {
    "id": "phan-van-giang", "type": "PER", "name": "Phan Văn Giang", "origin": "pack:vn-politics", "confidence": 1.0,
    "aliases": [{"name": "Phan Văn Giang", "lang": "vi", "script": "Latn", "seen": 9},
                {"name": "فان فان جيانغ", "lang": "ar", "script": "Arab", "seen": 2}],
    "roles": [{"title": "Minister of National Defence", "post_id": "minister-of-national-defence", "org": "vn-mond",
               "start": "2021-04-08", "end": None, "source": "pack:vn-politics:…", "confidence": 1.0}],
    "roles_from_text": [{"title": "Minister of National Defence", "post_id": "minister-of-national-defence", "org": None,
                         "first_seen": "2024-05-07", "last_seen": "2025-03-02", "evidence_total": 1,
                         "evidence": [{"document": "3f9c2a1b…", "start": 0, "end": 8}]}],
    "documents": ["3f9c2a1b…"], "documents_total": 14, "mentions_by_lang": {"en": 12, "fr": 5},
    "co_mentioned": [{"id": "vn-state", "documents": 12, "name": "Việt Nam", "type": "LOC"}], "blocked_names": [],
}


def resolve(ng: Ng, entity_id: str) -> str:
    """The id an entity lives under now (following merges); NotFound for an id nobody knows."""
    con = ng.store.con
    moved = redirect_of(con, entity_id)
    target = moved[0] if moved else entity_id
    if entity_type(con, target) is None:
        raise NotFound(f"no entity with id {entity_id!r}", hint="see /api/entities?q=NAME")
    return target


@router.get("/entities", summary="List entities", responses={200: {"content": {"application/json": {"example": {
    "items": [ITEM], "next_cursor": None, "total": 1}}}}})
def entities(
    ng: Ng, paging: PageParams,
    q: Annotated[str | None, Query(description="part of any name (case and diacritics folded: `luong` finds Lương)")] = None,
    type: Annotated[str | None, Query(description="PER, ORG, LOC, MISC …")] = None,
) -> dict[str, Any]:
    """Entities that stored documents mention, most documents first. Page with `cursor`."""
    store = ng.store
    return paging.page(lambda limit, offset: store.entity_summaries(q, type, limit, offset), store.count_entities(q, type))


@router.get("/entities/{entity_id}", summary="One entity", responses={200: {"content": {"application/json": {"example": RECORD}}}})
def entity(ng: Ng, entity_id: str) -> dict[str, Any]:
    """The entity as corrected: names by language and script (`aliases`), posts from the packs with
    their source (`roles`) and read from text with evidence (`roles_from_text`), mentions by language,
    co-mentioned entities, `redirected_from` when the id was merged away. `documents` holds the first
    50 (`documents_total` counts them all; page through /entities/{id}/documents)."""
    rec = corrected_record(ng.store, entity_id, documents_limit=FIRST_DOCUMENTS)
    for role in rec["roles_from_text"]:
        role["evidence_total"] = role.get("mentions", len(role["evidence"]))
        role["evidence"] = role["evidence"][:FIRST_EVIDENCE]
    labels = ng.store.entity_labels([c["id"] for c in rec["co_mentioned"]])
    rec["co_mentioned"] = [{**c, **labels.get(c["id"], {"name": c["id"], "type": None})} for c in rec["co_mentioned"]]
    rec.setdefault("redirected_from", None)
    return rec


@router.get("/entities/{entity_id}/documents", summary="Documents mentioning an entity")
def entity_documents(ng: Ng, entity_id: str, filters: FilterParams, paging: PageParams) -> dict[str, Any]:
    """Summaries of the documents that mention the entity (after merges), newest first, with the
    usual filters. Page with `cursor`."""
    f = replace(filters, entity=resolve(ng, entity_id))
    store = ng.store
    return paging.page(lambda limit, offset: store.document_summaries(f, limit, offset), store.count_documents(f))


@router.get("/entities/{entity_id}/timeline", summary="Mentions of an entity by month",
            responses={200: {"content": {"application/json": {"example": {
                "id": "phan-van-giang", "months": [{"month": "2024-05", "mentions": 7, "documents": 3}]}}}}})
def entity_timeline(ng: Ng, entity_id: str) -> dict[str, Any]:
    """Mentions and documents per publication month (documents dated to the day or month)."""
    target = resolve(ng, entity_id)
    return {"id": target, "months": ng.store.entity_timeline(target)}


@router.get("/entities/{entity_id}/network", summary="Co-mention network around an entity",
            responses={200: {"content": {"application/json": {"example": {
                "nodes": [{"id": "phan-van-giang", "name": "Phan Văn Giang", "type": "PER", "documents": 14}],
                "edges": [{"source": "phan-van-giang", "target": "vn-state", "weight": 12}],
                "documents_counted": 14, "documents_total": 14}}}}})
def entity_network(ng: Ng, entity_id: str,
                   limit: Annotated[int, Query(ge=1, le=100, description="co-mentioned entities (most shared documents first)")] = 30,
                   ) -> dict[str, Any]:
    """The entity, the entities most often mentioned in its documents, and an edge for every pair
    of them mentioned in one document (`weight`: documents in common). Counted over the entity's
    latest 2,000 documents (`documents_counted` of `documents_total`); a node's `documents` is
    its count in the whole store."""
    store = ng.store
    target = resolve(ng, entity_id)
    net = store.ego_network(target, limit)
    ids = [target, *(e for e, _ in net["around"])]
    labels = store.entity_labels(ids)
    nodes = [{"id": i, **labels.get(i, {"name": i, "type": None}), "documents": store.entity_document_count(i)} for i in ids]
    return {"nodes": nodes, "edges": net["edges"], "documents_counted": net["documents"],
            "documents_total": nodes[0]["documents"]}


@router.get("/who", summary="Who held a post on a date", responses={200: {"content": {"application/json": {"example": {
    "post": "Minister of National Defence", "on": "2024-06-01",
    "holders": [{"id": "phan-van-giang", "name": "Phan Văn Giang", "post": "minister-of-national-defence", "org": "vn-mond",
                 "start": "2021-04-08", "end": None, "source": "…", "documents": ["3f9c2a1b…"]}]}}}}})
def who(ng: Ng, post: Annotated[str, Query(min_length=1, description="a post in any language, e.g. Minister of National Defence")],
        on: Annotated[str, Query(description="date: YYYY, YYYY-MM or YYYY-MM-DD")]) -> dict[str, Any]:
    """The domain packs' holders of the post on that date, with sources and (up to 20) documents mentioning them."""
    checked_date(on)
    return {"post": post, "on": on, "holders": who_held(ng.store, post, on)}
