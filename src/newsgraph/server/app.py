"""`create_app(settings)`: the FastAPI app behind `newsgraph serve` — JSON under /api, pages, docs."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..config import Settings, load_settings
from . import apidocs, errors, pages
from .deps import HandlePool
from .routers import corrections, documents, entities, exports, meta, search, stories
from .security import Access, Guard

STATIC = Path(__file__).with_name("static")
ROUTERS = (meta, search, documents, entities, stories, corrections, exports)
"""The JSON resources, each module with its `router`, mounted under /api."""


def create_app(settings: Settings | None = None, *, token: str | None = None, write_token: str | None = None) -> FastAPI:
    """The app for `settings.db`, bound (by whoever runs it) to `settings.serve.host`.

    `token` is NEWSGRAPH_TOKEN (the CLI reads the environment; this function does not): required
    on every request when given, and for any host other than loopback (ConfigError without it).
    `write_token`: the token writes need when none is configured (default: a random one)."""
    settings = settings or load_settings()
    access = Access(settings.serve.host, token, write_token)
    pool = HandlePool(settings, settings.serve.handles)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        yield
        pool.close()

    app = FastAPI(
        title="newsgraph", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
        description="Multilingual news: search, documents with mentions, entities, stories, corrections. "
                    "Errors: {\"error\": message, \"code\", \"hint\"}. Lists are paged with `cursor`/`next_cursor`.",
    )
    app.state.settings = settings
    app.state.pool = pool
    app.state.access = access
    errors.install(app)
    for module in ROUTERS:
        app.include_router(module.router, prefix="/api")
    app.include_router(pages.router)
    app.include_router(apidocs.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    if settings.serve.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.serve.cors_origins, allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["Authorization", "X-Newsgraph-Token", "Content-Type"])
    app.add_middleware(Guard, access=access, max_body=settings.serve.max_body_bytes)
    return app


def one_thread_per_request(settings: Settings) -> Settings:
    """Concurrent requests share 2 cores better when each runs on one: the e5 engine on one thread
    (unless embed.threads says otherwise) and numpy's BLAS on one. Measured with 20 clients over
    100k documents: hybrid search 18.5 → 23.7 requests/s, keyword 53.5 → 57.8 (BENCHMARKS.md)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    return settings.with_overrides(**{"embed.threads": 1}) if settings.embed.threads == 0 else settings


WORKER_ENV = "NEWSGRAPH_SERVE_WORKER"
"""Set by `newsgraph serve --workers N` for its worker processes: the settings and the write token
of this start as JSON (each worker builds its own app from them; see `worker_app`)."""


def worker_app() -> FastAPI:
    """The app of one worker process of `newsgraph serve --workers N` (a uvicorn factory)."""
    import json
    import os

    given = json.loads(os.environ[WORKER_ENV])
    settings = one_thread_per_request(Settings.model_validate(given["settings"]))
    return create_app(settings, token=os.environ.get("NEWSGRAPH_TOKEN") or None, write_token=given["write_token"])
