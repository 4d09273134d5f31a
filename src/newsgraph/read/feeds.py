"""RSS, Atom and RDF feeds: one Document per entry, parsed by feedparser from bytes, never a URL.

We decode the feed ourselves (same chain as every other input, so an undeclared
windows-1256 feed reads right), then hand feedparser UTF-8 bytes in a BytesIO: given a
str, feedparser would try it as a URL or a file name.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

import feedparser

from ..config import Settings
from ..errors import EmptyInput, MalformedRecord
from ..model.document import Document
from ..text.normalise import nfc
from .blob import Blob, sha256
from .items import Item, decode_item, reject, with_warnings

_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']""")
_XML_ENCODING_BYTES = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']""")
# meta key → feedparser entry keys, first non-empty wins (dates stay the feed's raw strings)
ENTRY_FIELDS = {
    "title": ("title",),
    "url": ("link",),
    "id": ("id",),
    "date": ("published", "updated", "created"),
    "author": ("author",),
}


def read_feed(blob: Blob, settings: Settings) -> Iterator[Item]:
    data = blob.read_all(settings.ingest.max_item_bytes)
    decoded = decode_item(data, settings, declared=xml_declared_encoding(data))
    parsed = feedparser.parse(io.BytesIO(_XML_ENCODING.sub(r"\1", decoded.text, count=1).encode("utf-8")))
    if not parsed.entries:
        if parsed.get("bozo"):
            raise MalformedRecord(f"not a readable feed: {parsed.get('bozo_exception')}")
        raise EmptyInput("feed has no entries")
    feed_lang = parsed.feed.get("language")
    for n, entry in enumerate(parsed.entries, start=1):
        source = f"{blob.source}#entry-{n}"
        try:
            doc = entry_document(entry, source, decoded.encoding, feed_lang)
        except EmptyInput as e:
            yield reject(source, e)
        else:
            with_warnings(doc.meta, decoded)
            yield doc


def xml_declared_encoding(data: bytes) -> str | None:
    m = _XML_ENCODING_BYTES.match(data[:200])
    return m.group(1).decode("ascii") if m else None


def entry_document(entry: Any, source: str, encoding: str, feed_lang: str | None) -> Document:
    """Full content when the feed has it (content:encoded, atom:content), else summary, else title."""
    content = next((c.get("value") for c in entry.get("content", []) if c.get("value", "").strip()), None)
    raw = content or entry.get("summary") or entry.get("title") or ""
    if not raw.strip():
        raise EmptyInput("feed entry has no content, summary or title")
    meta = {key: value for key, names in ENTRY_FIELDS.items() if (value := _first(entry, names))}
    if "date" in meta:
        meta["date_source"] = "feed"
    lang = next((c.get("language") for c in entry.get("content", []) if c.get("language")), None) or feed_lang
    if lang:
        meta["lang"] = lang
    return Document(source=source, raw=nfc(raw), kind="feed-entry", raw_hash=_entry_hash(meta, raw),
                    encoding=encoding, meta=meta)


def _first(entry: Any, names: tuple[str, ...]) -> str | None:
    return next((str(entry[k]).strip() for k in names if entry.get(k) and str(entry[k]).strip()), None)


def _entry_hash(meta: dict[str, Any], raw: str) -> str:
    """An entry has no bytes of its own in the feed file: hash what we took from it, stably."""
    return sha256(json.dumps({"meta": meta, "raw": raw}, sort_keys=True, ensure_ascii=False).encode("utf-8"))
