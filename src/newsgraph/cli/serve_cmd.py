"""`newsgraph serve`: the JSON API and the web UI on 127.0.0.1 (or, with a token, elsewhere)."""

from __future__ import annotations

import json
import os
from typing import Annotated, Any

import typer
from rich.markup import escape

from ._app import ConfigOpt, DbOpt, app, err, out, settings_from


@app.command("serve")
def serve_cli(
    host: Annotated[str | None, typer.Option("--host", help="address to bind (default 127.0.0.1; any other needs NEWSGRAPH_TOKEN)")] = None,
    port: Annotated[int | None, typer.Option("--port", help="port (default 8000)")] = None,
    workers: Annotated[int | None, typer.Option("--workers", min=1, help="processes answering requests (default 1; more use more cores and memory)")] = None,
    get: Annotated[str | None, typer.Option("--get", help="answer one GET request for this path (e.g. /api/stats) and exit, no server")] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> int:
    """Serve the API (/api, OpenAPI docs at /docs) and the web UI (/) for the store.

    Binds to 127.0.0.1 unless told otherwise; binding to any other address needs a token in
    NEWSGRAPH_TOKEN, which then every request must carry. Corrections (POST/DELETE) always need the
    server's token in an X-Newsgraph-Token header: the configured one, or a random one printed at start
    (the web UI carries it for you). CORS is off unless serve.cors_origins is set.

    Example: newsgraph serve --db news.db --port 8000
    """
    # The e5 engine's OpenMP threads spin after each query by default; next to the request threads
    # on 2 cores that made a query's encoding 37–179 ms instead of 17 ms (measured under load), and
    # a new hybrid query 2.5 s instead of 0.13–0.17 s. Passive waiting gives the cores back. Set
    # before the engine is first loaded (it reads the variable then); an explicit setting wins.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    from ..server import create_app
    from ..server.app import one_thread_per_request

    overrides = {"serve.host": host, "serve.port": port, "serve.workers": workers}
    settings = settings_from(config, db, **overrides)
    settings = one_thread_per_request(settings)
    token = os.environ.get("NEWSGRAPH_TOKEN") or None
    application = create_app(settings, token=token)
    if get is not None:
        return _get_once(application, get, token)
    import uvicorn

    access = application.state.access
    url = f"http://{settings.serve.host}:{settings.serve.port}/"
    err.print(f"newsgraph: serving {escape(settings.db)} at {url} (API docs at {url}docs)", highlight=False)
    if access.configured is None:
        err.print(f"corrections over the API need the header X-Newsgraph-Token: {access.write_token}", highlight=False)
    if settings.serve.workers == 1:
        uvicorn.run(application, host=settings.serve.host, port=settings.serve.port, log_level="warning")
        return 0
    application.state.pool.close()  # checked the settings and made the token; the workers serve
    from ..server.app import WORKER_ENV

    os.environ[WORKER_ENV] = json.dumps({"settings": settings.model_dump(mode="json"), "write_token": access.write_token})
    err.print(f"newsgraph: {settings.serve.workers} worker processes", highlight=False)
    uvicorn.run("newsgraph.server.app:worker_app", factory=True, workers=settings.serve.workers,
                host=settings.serve.host, port=settings.serve.port, log_level="warning")
    return 0


def _get_once(application: Any, path: str, token: str | None) -> int:
    """One in-process GET (like `datasette --get`): prints the body, exit 0 for 2xx, else 1."""
    import asyncio

    import httpx

    async def fetch() -> httpx.Response:
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await client.get(path, headers=headers)

    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        r = asyncio.run(fetch())
    finally:
        application.state.pool.close()
    body = r.text
    if r.headers.get("content-type", "").startswith("application/json"):
        body = json.dumps(r.json(), ensure_ascii=False)
    out.print(body, markup=False, highlight=False, soft_wrap=True)
    return 0 if r.status_code < 300 else 1
