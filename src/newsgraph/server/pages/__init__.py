"""HTML pages of the web UI: shells whose scripts (static/js/) read everything from /api.

Each page is one URL an analyst can bookmark or share; the scripts keep the search state in the
query string, so back/forward and reload show the same thing."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...errors import NewsgraphError, NotFound
from ..deps import Ng
from ..routers import entities, stories
from .render import page

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "") -> HTMLResponse:
    title = f"{q} — search — newsgraph" if q.strip() else "Search — newsgraph"
    return page(request, "search", title, q=q)


def _status(known: Callable[[], object]) -> int:
    """200 when `known()` finds the thing a page shows, else 404: the page is served either way
    (its script says what went wrong), with the status a link checker or a script can read."""
    try:
        return 200 if known() is not None else 404
    except NotFound:
        return 404
    except NewsgraphError:  # an ambiguous id prefix, …: the page's script shows the API's message
        return 400


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, ng: Ng) -> HTMLResponse:
    status = _status(lambda: ng.store.document_rowid(doc_id))
    return page(request, "document", "Document — newsgraph", status, id=doc_id)


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str, ng: Ng) -> HTMLResponse:
    return page(request, "entity", "Entity — newsgraph", _status(lambda: entities.resolve(ng, entity_id)), id=entity_id)


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request) -> HTMLResponse:
    return page(request, "stories", "Stories — newsgraph")


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str, ng: Ng) -> HTMLResponse:
    return page(request, "story", "Story — newsgraph", _status(lambda: stories.resolve(ng, story_id)), id=story_id)
