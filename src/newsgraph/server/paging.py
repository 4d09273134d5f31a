"""Paging and the query parameters every list shares: `limit` (capped at `serve.max_page`), an
opaque `cursor` (the previous page's `next_cursor`), and the document filters.

Cursors are the search cursors (an offset, base64-JSON): the client never builds one, so the
encoding may change without breaking anybody.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from ..search import decode_cursor, encode_cursor
from ..store import Filters
from ..store.records import period

DEFAULT_LIMIT = 20


class Paging:
    """`limit` (≤ serve.max_page) and `offset` (from `cursor`) of one request."""

    def __init__(self, limit: int, cursor: str | None) -> None:
        self.limit = limit
        self.cursor = cursor or None
        self.offset = decode_cursor(self.cursor)

    def page(self, fetch: Callable[[int, int], Sequence[Any]], total: int | None = None) -> dict[str, Any]:
        """{items, next_cursor, total}: `fetch(limit, offset)` is asked for one item more than a page,
        so the last page is known without counting."""
        got = list(fetch(self.limit + 1, self.offset))
        more = len(got) > self.limit
        return {"items": got[:self.limit], "next_cursor": encode_cursor(self.offset + self.limit) if more else None,
                "total": total}

    def slice(self, items: Sequence[Any]) -> dict[str, Any]:
        """A page of a list already in memory (bounded lists only)."""
        return self.page(lambda limit, offset: items[offset:offset + limit], len(items))


def _paging(request: Request,
            limit: Annotated[int, Query(ge=1, description="items per page (capped at the server's serve.max_page)")] = DEFAULT_LIMIT,
            cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page")] = None) -> Paging:
    return Paging(min(limit, request.app.state.settings.serve.max_page), cursor)


PageParams = Annotated[Paging, Depends(_paging)]


def langs(values: list[str] | None) -> tuple[str, ...]:
    """`lang=fr&lang=en` and `lang=fr,en` alike."""
    return tuple(x.strip() for v in values or () for x in v.split(",") if x.strip())


def checked_date(value: str | None) -> str | None:
    """A YYYY, YYYY-MM or YYYY-MM-DD date, else UsageError (400) naming it."""
    if value:
        period(value)
    return value or None


def _filters(
    lang: Annotated[list[str] | None, Query(description="language code(s): repeat the parameter or separate by commas")] = None,
    since: Annotated[str | None, Query(description="on or after (YYYY, YYYY-MM or YYYY-MM-DD)")] = None,
    until: Annotated[str | None, Query(description="on or before (YYYY, YYYY-MM or YYYY-MM-DD)")] = None,
    entity: Annotated[str | None, Query(description="documents mentioning this entity id")] = None,
    story: Annotated[str | None, Query(description="documents of this story id")] = None,
    source: Annotated[str | None, Query(description="text contained in the document's source path or URL")] = None,
    entity_type: Annotated[list[str] | None, Query(description="documents with a mention of this type (PER, ORG, LOC, "
                                                   "MISC, DOCREF, TITLE…): repeat or separate by commas for any of several")] = None,
) -> Filters:
    return Filters(lang=langs(lang), since=checked_date(since), until=checked_date(until), source=source or None,
                   entity=entity or None, story=story or None, entity_type=mention_types(entity_type))


def mention_types(values: list[str] | None) -> tuple[str, ...]:
    """`entity_type=per,ORG` → ("PER", "ORG")."""
    return tuple(t.upper() for t in langs(values))


FilterParams = Annotated[Filters, Depends(_filters)]
"""The document filters (`lang`, `since`, `until`, `entity`, `story`, `source`, `entity_type`) of a request."""
