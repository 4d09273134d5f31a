"""`/docs`: Swagger UI over /openapi.json, from the vendored files (no CDN; works offline), started
by a static script because the CSP runs no inline script."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="newsgraph-token" content="{token}">
<title>newsgraph API</title>
<link rel="icon" type="image/png" href="/static/vendor/swagger-ui/favicon-32x32.png">
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/docs/swagger-init.js"></script>
</body>
</html>
"""


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """The interactive API reference; carries the write token so "Try it out" can send corrections."""
    return HTMLResponse(PAGE.format(token=escape(request.app.state.access.write_token)))
