"""The API's own description: /openapi.json documents every route, /docs serves the vendored
Swagger UI under the CSP (checked in chromium), and /static never serves a file outside its folder."""

from __future__ import annotations

import socket

import pytest


def test_every_api_route_has_a_summary_and_a_description(api):
    spec = api.get("/openapi.json").json()
    routes = [(path, method, op) for path, ops in spec["paths"].items() for method, op in ops.items()]
    assert len(routes) >= 25
    for path, method, op in routes:
        assert path.startswith("/api/"), path
        assert op.get("summary") and op.get("description"), f"{method.upper()} {path}"
    for path in ("/api/search", "/api/entities/{entity_id}", "/api/stories/{story_id}", "/api/corrections"):
        assert "example" in str(spec["paths"][path]["get"]["responses"]["200"]), path


def test_docs_page_uses_only_local_files(api):
    r = api.get("/docs")
    assert r.status_code == 200
    html = r.text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html and "/static/docs/swagger-init.js" in html
    assert "http" not in html.replace('name="viewport"', "") and "<script>" not in html and "style=" not in html
    for src in ("/static/vendor/swagger-ui/swagger-ui-bundle.js", "/static/docs/swagger-init.js",
                "/static/vendor/swagger-ui/swagger-ui.css"):
        assert api.get(src).status_code == 200


def _raw_get(url: str, path: str) -> tuple[int, bytes]:
    """A request with the path sent exactly as written (httpx would normalise `..`)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


@pytest.mark.parametrize("path", [
    "/static/../../pyproject.toml", "/static/../../../pyproject.toml", "/static/%2e%2e/%2e%2e/pyproject.toml",
    "/static/%2e%2e%2f%2e%2e%2fpyproject.toml", "/static/..%2f..%2f..%2fpyproject.toml", "/static/%252e%252e/pyproject.toml",
    "/static/vendor/../../app.py", "/static/..%5c..%5capp.py", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
])
def test_static_paths_cannot_leave_the_static_folder(live, path):
    status, body = _raw_get(live.url, path)
    assert status in (400, 404), (path, status)
    assert b"[project]" not in body and b"create_app" not in body and b"root:" not in body


@pytest.mark.browser
def test_swagger_ui_renders_under_the_csp(live, page, artefacts):
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live.url}/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/search" in " ".join(paths)
    page.locator(".opblock-summary", has_text="/api/who").first.click()
    page.wait_for_selector("text=Who held a post on a date")
    page.screenshot(path=str(artefacts / "api-docs.png"))
    assert violations == []


def test_docs_api_md_names_every_route(api):
    """docs/api.md describes every endpoint the server has (kept true as routes are added)."""
    import re
    from pathlib import Path

    def plain(s: str) -> str:  # path parameters by position, not name: {doc_id} is documented as {id}
        return re.sub(r"\{[^}]+\}", "{}", s)

    text = plain((Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text(encoding="utf-8"))
    spec = api.get("/openapi.json").json()
    routes = [f"{m.upper()} {plain(p)}" for p, ops in spec["paths"].items() for m in ops]
    assert len(routes) >= 25 and [r for r in routes if r not in text] == []
