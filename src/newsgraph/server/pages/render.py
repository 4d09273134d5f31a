"""Page shells: one base layout plus a body per page, filled with a few escaped values.

The pages hold no data: their scripts (static/js/) read it from /api. So a shell needs only its
title, the write token (for corrections) and which script to run — plain `str.format_map` over
files with every value HTML-escaped, no template engine.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@cache
def _template(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def page(request: Request, name: str, title: str, status: int = 200, **values: str) -> HTMLResponse:
    """The shell `templates/{name}.html` inside `base.html`; `values` fill its `{placeholders}`."""
    safe = {k: html.escape(v, quote=True) for k, v in values.items()}
    body = _template(f"{name}.html").format_map(safe)
    doc = _template("base.html").format_map({
        "title": html.escape(title),
        "token": html.escape(request.app.state.access.write_token, quote=True),
        "page": name,
        "body": body,
        "q": safe.get("q", ""),
    })
    return HTMLResponse(doc, status_code=status, headers={"Cache-Control": "no-store"})
