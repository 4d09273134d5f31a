"""The one error shape of the HTTP layer: `{"error": message, "code": "NGxxx", "hint": "..."}`
with a 4xx/5xx status. No traceback reaches a client."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from ..errors import ConfigError, InputError, NewsgraphError, NotFound, StoreError, UsageError
from .security import BodyTooLarge

log = logging.getLogger("newsgraph.server")


def status_of(e: NewsgraphError) -> int:
    if isinstance(e, NotFound):
        return 404
    if isinstance(e, UsageError | InputError) and not isinstance(e, ConfigError):
        return 400
    if isinstance(e, StoreError):
        return 500
    return 500


def error_response(status: int, message: str, code: str | None = None, hint: str | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, object] = {"error": message}
    if code:
        body["code"] = code
    if hint:
        body["hint"] = hint
    return JSONResponse(body, status_code=status, headers=headers)


def _validation_message(e: RequestValidationError) -> str:
    parts = []
    for err in e.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "body", "path"))
        parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
    return "invalid request: " + "; ".join(parts)


def _wants_page(request: Request) -> bool:
    """A browser asking for a page (not a script asking the API or a static file)."""
    path = request.url.path
    return not path.startswith(("/api/", "/static/")) and path != "/api" and \
        "text/html" in request.headers.get("accept", "")


def install(app: FastAPI) -> None:
    @app.exception_handler(NewsgraphError)
    async def _newsgraph(request: Request, e: NewsgraphError) -> JSONResponse:
        return error_response(status_of(e), e.message, e.code, e.hint or None)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, e: RequestValidationError) -> JSONResponse:
        return error_response(422, _validation_message(e), "NG300")

    @app.exception_handler(HTTPException)
    async def _http(request: Request, e: HTTPException) -> Response:
        if e.status_code == 404 and _wants_page(request):
            from .pages.render import page

            return page(request, "notfound", "Not found — newsgraph", 404, path=request.url.path)
        message = e.detail if isinstance(e.detail, str) else "request failed"
        if e.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return error_response(e.status_code, message, headers=getattr(e, "headers", None))

    @app.exception_handler(BodyTooLarge)
    async def _too_large(request: Request, e: BodyTooLarge) -> JSONResponse:
        limit = request.app.state.settings.serve.max_body_bytes
        return error_response(413, f"request body larger than {limit} bytes")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, e: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return error_response(500, "internal error (logged by the server)", "NG000")
