"""The app's frame: health, the error shape, the token rule, size limits, security headers — over
the real server (uvicorn on 127.0.0.1) and the sample store."""

from __future__ import annotations

import httpx
import pytest

from newsgraph.errors import ConfigError
from newsgraph.server import create_app

from .conftest import sample_settings

TOKEN = "test-token-0123456789abcdef"


def test_health_and_stats(api):
    assert api.get("/api/health").json()["status"] == "ok"
    stats = api.get("/api/stats").json()
    assert stats["documents"] >= 60


def test_unknown_path_is_a_json_error(api):
    r = api.get("/api/no-such-thing")
    assert r.status_code == 404
    assert r.json() == {"error": "nothing at /api/no-such-thing"}


def test_unknown_addresses_and_ids_get_a_404_page_in_a_browser(api):
    html = {"Accept": "text/html,application/xhtml+xml"}
    r = api.get("/no/such/page", headers=html)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "There is no page at <code>/no/such/page</code>" in r.text
    assert api.get("/no/such/page").json() == {"error": "nothing at /no/such/page"}  # a script gets JSON
    assert api.get("/api/nope", headers=html).json() == {"error": "nothing at /api/nope"}
    assert "&lt;script&gt;" in api.get("/<script>x", headers=html).text  # the path is escaped
    doc = api.get("/api/documents", params={"limit": 1}).json()["items"][0]["id"]
    story = api.get("/api/stories", params={"limit": 1}).json()["items"][0]["id"]
    for path, status in ((f"/documents/{doc}", 200), (f"/documents/{doc[:8]}", 200), ("/documents/0000000000000000", 404),
                         ("/entities/luong-cuong", 200), ("/entities/no-such-entity", 404),
                         (f"/stories/{story}", 200), ("/stories/st-nothing", 404)):
        r = api.get(path, headers=html)
        assert r.status_code == status and '<body data-page="' in r.text, path


def test_security_headers_on_every_response(api):
    for path in ("/api/health", "/api/nothing"):
        h = api.get(path).headers
        assert "script-src 'self'" in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff"


def test_writes_need_the_write_token_even_on_loopback(live):
    with httpx.Client(base_url=live.url) as c:
        r = c.post("/api/health", json={})
        assert r.status_code == 403
        assert "token" in r.json()["error"]


def test_foreign_host_header_is_refused(api):
    r = api.get("/api/health", headers={"Host": "evil.example:8000"})
    assert r.status_code == 421


def test_body_and_url_limits(live):
    with httpx.Client(base_url=live.url, headers={"X-Newsgraph-Token": live.write_token}) as c:
        r = c.post("/api/health", content=b"x" * 70_000, headers={"Content-Type": "application/json"})
        assert r.status_code == 413
        assert "larger than" in r.json()["error"]
        assert c.get("/api/health?q=" + "a" * 9000).status_code == 414


def test_non_loopback_needs_a_token(tmp_path):
    with pytest.raises(ConfigError, match="NEWSGRAPH_TOKEN"):
        create_app(sample_settings(tmp_path / "x.db", **{"serve.host": "0.0.0.0"}))
    with pytest.raises(ConfigError, match="16 characters"):
        create_app(sample_settings(tmp_path / "x.db"), token="short")


def test_configured_token_guards_every_request(sample_db_template, serve):
    s = serve(sample_db_template, token=TOKEN)
    with httpx.Client(base_url=s.url) as c:
        r = c.get("/api/health")
        assert r.status_code == 401 and "token" in r.json()["error"]
        assert c.get("/api/health", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert c.get("/api/health", headers={"Authorization": "Bearer wrong-token-0123456789"}).status_code == 401
        first = c.get(f"/api/health?token={TOKEN}")  # a browser's first visit: the token becomes a cookie
        assert first.status_code == 200 and "HttpOnly" in first.headers["set-cookie"]
        assert c.get("/api/health").status_code == 200  # the cookie now
        assert c.post("/api/health", json={}).status_code == 401  # writes: the header, not the cookie
