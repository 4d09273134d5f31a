"""A Blob: one stream of bytes with a name to sniff and a source label to report.

Every input (a file, an archive member, stdin) becomes a Blob, so each reader has one
shape to handle. A Blob is read once, front to back, and never more than a reader asks
for: `read_all(cap)` stops at `cap + 1` bytes and `iter_lines(cap)` skips over-long lines
chunk by chunk, which keeps memory flat however big the input is.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from ..errors import TooLarge

SNIFF_BYTES = 65_536  # enough to see a BOM, an XML prolog, <html>, or a few JSONL lines
CHUNK_BYTES = 1 << 20


@dataclass
class Blob:
    source: str  # what Documents and Rejections report: path, path!member, "-"
    name: str  # the name whose suffix says the kind (member name, path without .gz)
    stream: BinaryIO
    size: int | None = None  # known before reading (stat, zip header); None for streams
    depth: int = 0  # archive nesting: a zip in a zip is depth 2
    path: str | None = None  # set for a real file, for readers that must seek (zip)
    _head: bytes | None = field(default=None, repr=False)

    @property
    def head(self) -> bytes:
        """The first bytes, read once and kept, so sniffing costs nothing to the reader after it."""
        if self._head is None:
            self._head = _read_up_to(self.stream, SNIFF_BYTES)
        return self._head

    def read_all(self, cap: int) -> bytes:
        """All bytes, or TooLarge as soon as more than `cap` are seen (never reads past cap + 1)."""
        if self.size is not None and self.size > cap:
            raise TooLarge(f"{self.size} bytes > ingest.max_item_bytes={cap}")
        head = self.head
        data = head + _read_up_to(self.stream, cap + 1 - len(head)) if len(head) <= cap else head
        if len(data) > cap:
            raise TooLarge(f"more than ingest.max_item_bytes={cap} bytes")
        return data

    def rejoined(self) -> BinaryIO:
        """The whole stream as a file object again, sniffed head included (for gzip, tarfile)."""
        if self._head is None:
            return self.stream
        return io.BufferedReader(_Rejoined(self._head, self.stream), buffer_size=CHUNK_BYTES)

    def chunks(self) -> Iterator[bytes]:
        """The bytes in chunks: the sniffed head first, then the rest of the stream."""
        if self.head:
            yield self.head
        while chunk := self.stream.read(CHUNK_BYTES):
            yield chunk

    def iter_lines(self, cap: int) -> Iterator[bytes | None]:
        """Lines without their b"\\n"; None for a line longer than `cap`, which is skipped unread."""
        lines = _LineSplitter(cap)
        for chunk in self.chunks():
            yield from lines.feed(chunk)
        yield from lines.close()


class _LineSplitter:
    """Split a chunked stream into lines, holding at most `cap` bytes of one unfinished line."""

    def __init__(self, cap: int):
        self.cap = cap
        self.pending: list[bytes] = []
        self.pending_len = 0
        self.too_long = False

    def feed(self, chunk: bytes) -> Iterator[bytes | None]:
        pieces = chunk.split(b"\n")
        for piece in pieces[:-1]:
            yield self._finish(piece)
        self._hold(pieces[-1])

    def close(self) -> Iterator[bytes | None]:
        if self.pending_len or self.too_long:
            yield self._finish(b"")

    def _hold(self, piece: bytes) -> None:
        if self.too_long:
            return
        self.pending.append(piece)
        self.pending_len += len(piece)
        if self.pending_len > self.cap:  # drop what we have, report the line once at its end
            self.pending, self.pending_len, self.too_long = [], 0, True

    def _finish(self, piece: bytes) -> bytes | None:
        self._hold(piece)
        line = None if self.too_long else b"".join(self.pending)
        self.pending, self.pending_len, self.too_long = [], 0, False
        return line


class _Rejoined(io.RawIOBase):
    """A read-only raw stream: `head` bytes, then whatever `rest` still has."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head, self._pos, self._rest = head, 0, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._pos < len(self._head):
            data = self._head[self._pos : self._pos + len(buffer)]
            self._pos += len(data)
        else:
            data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_up_to(stream: BinaryIO, n: int) -> bytes:
    """Read exactly n bytes unless the stream ends first (pipes and gzip return short reads)."""
    parts: list[bytes] = []
    while n > 0 and (part := stream.read(min(n, CHUNK_BYTES))):
        parts.append(part)
        n -= len(part)
    return b"".join(parts)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
