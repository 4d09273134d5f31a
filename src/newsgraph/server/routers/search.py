"""`GET /api/search`: keyword, semantic or hybrid search with filters, snippets and facets."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query

from ...errors import BadQuery
from ..deps import Ng
from ..paging import FilterParams, PageParams

router = APIRouter(tags=["search"])


class Mode(StrEnum):
    keyword = "keyword"
    semantic = "semantic"
    hybrid = "hybrid"


EXAMPLE = {
    "query": "defence minister", "mode": "keyword", "total": 12, "next_cursor": "eyJvIjogMjB9",
    "hits": [{"id": "3f9c2a1b…", "source": "txt/vn-defence.txt", "title": "Defence Minister receives …", "lang": "en",
              "published": {"date": "2024-05-07", "precision": "day", "source": "header"}, "score": 7.21,
              "explain": {"bm25": 7.21}, "snippet": "…the Defence Minister received…", "highlights": [[5, 12], [13, 21]],
              "snippet_start": 140}],
    "facets": {"lang": {"en": 9, "fr": 3}, "month": {"2024-05": 7, "2024-06": 5}, "entity_type": {"PER": 10, "ORG": 12},
               "story": [{"id": "st-01d2f94896968be5", "title": "Defence Minister receives …", "count": 4}]},
}


@router.get("/search", summary="Search documents", responses={200: {"content": {"application/json": {"example": EXAMPLE}}}})
def search(
    ng: Ng, filters: FilterParams, paging: PageParams,
    q: Annotated[str, Query(description='words (all must match), "phrases", prefix*, -excluded, OR')],
    mode: Annotated[Mode | None, Query(description="keyword, semantic or hybrid (default: hybrid when the store has vectors)")] = None,
) -> dict[str, Any]:
    """Hits with a highlighted snippet (`highlights`: [start, end] offsets into `snippet`), language,
    date and `explain` (where the score came from), and `facets`: documents by language, entity type
    and story (top 10) under every filter, and by month **without** `since`/`until` (so a histogram
    keeps the whole range while a brushed range filters the hits). Keyword mode counts every
    matching document; semantic and hybrid count their ranked set (the best 200). Page with `cursor`."""
    if not q.strip():
        raise BadQuery("the query is empty: give some words to search for")
    return ng.search(q, mode.value if mode else None, filters, paging.limit, paging.cursor, facets=True)

