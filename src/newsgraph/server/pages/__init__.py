"""HTML pages of the web UI: shells whose scripts (static/js/) read everything from /api.

Each page is one URL an analyst can bookmark or share; the scripts keep the search state in the
query string, so back/forward and reload show the same thing."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from .render import page

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "") -> HTMLResponse:
    title = f"{q} — search — newsgraph" if q.strip() else "Search — newsgraph"
    return page(request, "search", title, q=q)


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str) -> HTMLResponse:
    return page(request, "document", "Document — newsgraph", id=doc_id)


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str) -> HTMLResponse:
    return page(request, "entity", "Entity — newsgraph", id=entity_id)


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request) -> HTMLResponse:
    return page(request, "stories", "Stories — newsgraph")


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> HTMLResponse:
    return page(request, "story", "Story — newsgraph", id=story_id)
