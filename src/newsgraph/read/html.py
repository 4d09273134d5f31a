"""HTML pages: decoded with their declared charset, kept as HTML; canonical URL, title, lang to meta.

Main-text extraction is the clean stage's job; here lxml only reads a few head elements.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import lxml.html
from lxml import etree

from ..config import Settings
from ..model.document import Document
from .blob import Blob, sha256
from .items import Item, decode_item, with_warnings

PRESCAN_BYTES = 4096  # where browsers look for <meta charset> (the spec says 1024; pages are sloppy)
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# meta key → (xpath, attribute); the first that finds a non-empty value wins
HEAD_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "url": (("//link[@rel='canonical']", "href"), ("//meta[@property='og:url']", "content")),
    "title": (("//meta[@property='og:title']", "content"), ("//title", "")),
    "lang": (("/html", "lang"), ("/html", "xml:lang"), ("//meta[@http-equiv='content-language']", "content")),
}


def declared_charset(data: bytes) -> str | None:
    """The charset in <meta charset=...> or <meta http-equiv=Content-Type content="...; charset=...">."""
    m = _META_CHARSET.search(data[:PRESCAN_BYTES])
    return m.group(1).decode("ascii", "replace") if m else None


def read_html(blob: Blob, settings: Settings) -> Iterator[Item]:
    data = blob.read_all(settings.ingest.max_item_bytes)
    decoded = decode_item(data, settings, declared=declared_charset(data))
    yield Document(
        source=blob.source,
        raw=decoded.text,
        kind="html",
        raw_hash=sha256(data),
        encoding=decoded.encoding,
        meta=with_warnings(head_meta(decoded.text), decoded),
    )


def head_meta(html: str) -> dict[str, Any]:
    """url / title / lang declared by the page; {} when lxml cannot parse it (clean will judge)."""
    try:
        parser = lxml.html.HTMLParser(encoding="utf-8")
        tree = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        return {}
    meta: dict[str, Any] = {}
    for key, lookups in HEAD_FIELDS.items():
        for xpath, attr in lookups:
            value = _first_value(tree, xpath, attr)
            if value:
                meta[key] = value
                break
    return meta


def _first_value(tree: Any, xpath: str, attr: str) -> str:
    for el in tree.xpath(xpath):
        value = (el.get(attr) if attr else el.text_content()) or ""
        if value.strip():
            return " ".join(value.split())
    return ""
