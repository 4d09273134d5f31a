"""Stories: the list (latest first, under document filters) and one story with its documents by
language, timeline, main entities and an extractive summary whose sentences point to their source."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Query

from ...errors import NotFound
from ...stories.corrections import story_redirect
from ..deps import Ng
from ..paging import FilterParams, PageParams

router = APIRouter(tags=["stories"])
FIRST_DOCUMENTS = 50  # documents listed in a story record (in `documents` and per language); the rest paged

ITEM = {"id": "st-01d2f94896968be5", "title": "Defence Minister receives …", "size": 6, "languages": {"en": 3, "fr": 2, "ar": 1},
        "first_seen": "2024-05-07", "last_seen": "2024-05-08"}
RECORD = {
    **ITEM, "documents": ["01d2f94896968be5", "…"], "documents_total": 6,
    "by_language": {"en": [{"id": "01d2f94896968be5", "title": "…", "published": "2024-05-07", "source": "…", "link_z": None,
                            "relation": None}]},
    "timeline": [{"day": "2024-05-07", "documents": 5, "languages": ["ar", "en", "fr"]}],
    "summary": [{"text": "…", "document": "01d2f94896968be5", "lang": "en", "start": 0, "end": 120}],
    "entities": [{"id": "phan-van-giang", "name": "Phan Văn Giang", "type": "PER", "documents": 6}],
    "redirected_from": None,
}


def resolve(ng: Ng, story_id: str) -> str:
    """The id a story lives under now (following merges); NotFound for an unknown one."""
    con = ng.store.con
    moved = story_redirect(con, story_id)
    target = moved[0] if moved else story_id
    if not con.execute("SELECT 1 FROM stories WHERE id = ?", (target,)).fetchone():
        raise NotFound(f"no story with id {story_id!r}", hint="see /api/stories")
    return target


@router.get("/stories", summary="List stories", responses={200: {"content": {"application/json": {"example": {
    "items": [ITEM], "next_cursor": None, "total": 1}}}}})
def stories(ng: Ng, filters: FilterParams, paging: PageParams,
            min_size: Annotated[int, Query(ge=1, description="only stories of at least this many documents")] = 1) -> dict[str, Any]:
    """Stories (documents about one event, in any language) latest first; with filters, the stories
    that have at least one matching document. Page with `cursor`."""
    store = ng.store
    return paging.page(lambda limit, offset: store.story_summaries(filters, min_size, limit, offset),
                       store.count_stories(filters, min_size))


@router.get("/stories/{story_id}", summary="One story", responses={200: {"content": {"application/json": {"example": RECORD}}}})
def story(ng: Ng, story_id: str) -> dict[str, Any]:
    """The story: documents by language (translations and near-duplicates marked in `relation`),
    day timeline, main entities, an extractive `summary` whose sentences keep their document and
    character offsets, and `redirected_from` when the id was merged away. `documents` and each
    language's list hold the first 50 (`documents_total`; page through /stories/{id}/documents)."""
    rec = ng.story(story_id)
    rec["documents_total"] = len(rec["documents"])
    rec["documents"] = rec["documents"][:FIRST_DOCUMENTS]
    rec["by_language"] = {lang: docs[:FIRST_DOCUMENTS] for lang, docs in rec["by_language"].items()}
    return rec


@router.get("/stories/{story_id}/documents", summary="Documents of a story")
def story_documents(ng: Ng, story_id: str, filters: FilterParams, paging: PageParams) -> dict[str, Any]:
    """Summaries of the story's documents (after merges), newest first, with the usual filters."""
    f = replace(filters, story=resolve(ng, story_id))
    store = ng.store
    return paging.page(lambda limit, offset: store.document_summaries(f, limit, offset), store.count_documents(f))
