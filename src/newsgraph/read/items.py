"""What readers yield, and the few helpers every reader shares.

A reader takes a Blob and yields Documents, per-item Rejections, or inner Blobs (archive
members, a decompressed .gz), which the dispatcher reads in turn with the right reader.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..config import Settings
from ..errors import InputError
from ..model.document import Document, Rejection
from .blob import Blob
from .encoding import Decoded, decode_bytes

Item = Document | Rejection | Blob
Reader = Callable[[Blob, Settings], Iterator[Item]]
STAGE = "read"


def reject(source: str, error: InputError) -> Rejection:
    return Rejection(source, STAGE, error.code, error.message)


def decode_item(data: bytes, settings: Settings, declared: str | None = None) -> Decoded:
    """Decode one item's bytes, honouring ingest.encoding when the user forced one."""
    return decode_bytes(data, declared=declared, forced=settings.ingest.encoding)


def with_warnings(meta: dict[str, Any], decoded: Decoded) -> dict[str, Any]:
    """Add decode warnings to meta (only when there are some, so clean items stay clean)."""
    if decoded.warnings:
        meta["decode_warnings"] = list(decoded.warnings)
    return meta
