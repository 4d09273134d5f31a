"""Plain text: decode, split off a leading key/value header, keep the rest as the article."""

from __future__ import annotations

from collections.abc import Iterator

from ..config import Settings
from ..errors import EmptyInput
from ..model.document import Document
from .blob import Blob, sha256
from .header import header_meta, split_header
from .items import Item, decode_item, with_warnings


def read_text(blob: Blob, settings: Settings) -> Iterator[Item]:
    """One Document: raw is the text after its header; the header goes to meta."""
    data = blob.read_all(settings.ingest.max_item_bytes)
    decoded = decode_item(data, settings)
    header = split_header(decoded.text)
    if not header.body.strip():
        raise EmptyInput("only a header, no article text")
    meta = header_meta(header.fields) if header.fields else {}
    yield Document(
        source=blob.source,
        raw=header.body,
        kind="text",
        raw_hash=sha256(data),
        encoding=decoded.encoding,
        meta=with_warnings(meta, decoded),
    )
