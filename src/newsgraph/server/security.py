"""Who may call the server, and how much they may send.

- Bound to loopback with no token configured: reads are open to this machine; every write
  (POST/PUT/PATCH/DELETE: corrections) needs the server's write token in a header
  (`X-Newsgraph-Token` or `Authorization: Bearer`). The token is random per start, printed by
  `newsgraph serve` and put in the pages the server sends, so the web UI can write and a page
  on another site cannot (it can neither read our pages nor send custom headers without CORS).
- A token configured (`NEWSGRAPH_TOKEN`): every request needs it — header, `?token=` (which also
  sets an HttpOnly, SameSite=Strict cookie so a browser can keep browsing) or that cookie; writes
  still need the header. Binding to any address other than loopback without one is refused.
- `Host` must name this server (loopback names, or the bound address): a DNS-rebinding page
  cannot read a loopback server through its own domain.
- Bodies over `serve.max_body_bytes` → 413, URLs over 8 KiB → 414, before any handler runs.
- Every response carries a strict Content-Security-Policy: the pages run only our own scripts,
  so an article's `<script>` could not run even if it were ever put into a page as HTML.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from ..errors import ConfigError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "newsgraph_token"
MAX_URL = 8192
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


def is_loopback(host: str) -> bool:
    if host.strip("[]") in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Access:
    """The token rule for one server: `configured` is NEWSGRAPH_TOKEN (or None); `write_token` is
    what writes must carry (the configured token, else a random one for this start, given to every
    worker process)."""

    def __init__(self, host: str, token: str | None, write_token: str | None = None) -> None:
        token = token or None
        if token is not None and len(token) < 16:
            raise ConfigError("NEWSGRAPH_TOKEN must be at least 16 characters",
                              hint="make one with: python -c 'import secrets; print(secrets.token_urlsafe(24))'")
        if not is_loopback(host) and token is None:
            raise ConfigError(f"serving on {host} (not loopback) needs a token: set NEWSGRAPH_TOKEN",
                              hint="or bind to 127.0.0.1, the default")
        self.host = host
        self.configured = token
        self.write_token = token or write_token or secrets.token_urlsafe(24)  # write_token: one for every worker

    def matches(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.write_token.encode())

    def allowed_host(self, host_header: str) -> bool:
        name = host_header.rsplit(":", 1)[0] if not host_header.endswith("]") else host_header
        if host_header.startswith("["):
            name = host_header.split("]")[0] + "]"
        return is_loopback(name) or name.strip("[]") == self.host or self.host in ("0.0.0.0", "::")


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _header_token(h: dict[str, str]) -> str | None:
    auth = h.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return h.get("x-newsgraph-token")


def _cookie_token(h: dict[str, str]) -> str | None:
    if "cookie" not in h:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(h["cookie"])
    except Exception:
        return None
    return jar[COOKIE].value if COOKIE in jar else None


async def _reply(send: Send, status: int, message: str, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"error": message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *HEADERS,
               *(extra or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """ASGI middleware applying `Access`, the size limits and the security headers."""

    def __init__(self, app: ASGIApp, access: Access, max_body: int) -> None:
        self.app = app
        self.access = access
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        h = _headers(scope)
        query = scope.get("query_string", b"").decode("latin-1")
        if len(scope.get("raw_path", scope["path"].encode())) + len(query) > MAX_URL:
            await _reply(send, 414, f"URL longer than {MAX_URL} bytes")
            return
        if not self.access.allowed_host(h.get("host", "")):
            await _reply(send, 421, "this server answers only to its own address (Host header refused)")
            return
        set_cookie = await self._check_token(scope, h, query, send)
        if set_cookie is None:
            return
        declared = h.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await _reply(send, 413, f"request body larger than {self.max_body} bytes")
            return
        await self.app(scope, self._limited(receive), self._with_headers(send, set_cookie))

    async def _check_token(self, scope: Scope, h: dict[str, str], query: str, send: Send) -> list[tuple[bytes, bytes]] | None:
        """[] or a Set-Cookie header when the request may go on; None when refused (reply sent)."""
        a = self.access
        header = _header_token(h)
        if scope["method"] in WRITE_METHODS:
            if not a.matches(header):
                await _reply(send, 401 if a.configured else 403,
                             "corrections need the server's token in an X-Newsgraph-Token or Authorization: Bearer header",
                             [(b"www-authenticate", b"Bearer")])
                return None
            return []
        if a.configured is None:
            return []
        if a.matches(header) or a.matches(_cookie_token(h)):
            return []
        given = parse_qs(query).get("token", [None])[0]
        if a.matches(given):
            cookie = f"{COOKIE}={a.write_token}; HttpOnly; SameSite=Strict; Path=/"
            return [(b"set-cookie", cookie.encode())]
        await _reply(send, 401, "this server needs a token: send Authorization: Bearer TOKEN (or open a page with ?token=TOKEN)",
                     [(b"www-authenticate", b"Bearer")])
        return None

    def _limited(self, receive: Receive) -> Receive:
        seen = 0
        limit = self.max_body

        async def wrapped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge
            return message

        return wrapped

    def _with_headers(self, send: Send, extra: list[tuple[bytes, bytes]]) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(x for x in HEADERS if x[0] not in names), *extra]
            await send(message)

        return wrapped


class BodyTooLarge(Exception):
    """A streamed body passed the limit (no Content-Length to refuse it up front)."""
