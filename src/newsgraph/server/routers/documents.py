"""`GET /api/documents` (summaries, filtered and paged) and `GET /api/documents/{id}` (the document
with its mentions, the names of the entities they link to, and its story)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ..deps import Ng
from ..paging import FilterParams, PageParams

router = APIRouter(tags=["documents"])

SUMMARY = {"id": "3f9c2a1b…", "title": "Defence Minister receives …", "lang": "en",
           "published": {"date": "2024-05-07", "precision": "day", "source": "header"}, "source": "txt/vn-defence.txt",
           "story_id": "st-01d2f94896968be5"}
LIST_EXAMPLE = {"items": [SUMMARY], "next_cursor": "eyJvIjogMjB9", "total": 66}
DOC_EXAMPLE = {**SUMMARY, "text": "General Phan Van Giang, Minister of National Defence, …",
               "mentions": [{"start": 8, "end": 22, "text": "Phan Van Giang", "type": "PER", "entity_id": "phan-van-giang"}],
               "entities": {"phan-van-giang": {"name": "Phan Văn Giang", "type": "PER"}},
               "story": {"id": "st-01d2f94896968be5", "title": "Defence Minister receives …"}}


@router.get("/documents", summary="List documents", responses={200: {"content": {"application/json": {"example": LIST_EXAMPLE}}}})
def documents(ng: Ng, filters: FilterParams, paging: PageParams) -> dict[str, Any]:
    """Document summaries (no text), newest first, undated last; filtered by language, dates,
    entity, story, source. Page with `cursor`."""
    store = ng.store
    return paging.page(lambda limit, offset: store.document_summaries(filters, limit, offset), store.count_documents(filters))


@router.get("/documents/{doc_id}", summary="One document", responses={200: {"content": {"application/json": {"example": DOC_EXAMPLE}}}})
def document(ng: Ng, doc_id: str) -> dict[str, Any]:
    """The document shape (clean text; mentions with start/end character offsets into it, type and
    entity id; `published` with its precision and where the date came from; `story_id`), plus
    `entities` (id → name and type, for its mentions) and `story` ({id, title} or null).
    A unique id prefix of 4+ characters is accepted."""
    doc = ng.document(doc_id)
    store = ng.store
    doc["entities"] = store.entity_labels([m["entity_id"] for m in doc["mentions"] if m.get("entity_id")])
    story = doc.get("story_id")
    doc["story"] = {"id": story, "title": store.story_title(story)} if story else None
    return doc
