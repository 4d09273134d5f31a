"""Paths → Blobs: walk folders in sorted order, open files one at a time, and sniff each kind.

The kind comes from the name when it says something (EXTENSIONS), else from the first
bytes (magic numbers, markup, JSON lines); `.xml` is looked at to tell a feed from a page.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from ..errors import UnreadableSource
from ..model.document import Rejection
from .blob import Blob
from .items import reject

STDIN = "-"
EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".rss": "feed", ".atom": "feed", ".rdf": "feed", ".xml": "xml",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json-lines": "jsonl", ".jsonlines": "jsonl",
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
    ".gz": "gz", ".gzip": "gz", ".zip": "zip", ".tgz": "tar", ".tar": "tar",
}
COMPOUND_EXTENSIONS = {".tar.gz": "tar", ".tar.bz2": "tar", ".tar.xz": "tar"}
MAGIC_KINDS = ((b"\x1f\x8b", "gz"), (b"PK\x03\x04", "zip"), (b"PK\x05\x06", "zip"))
FEED_MARKERS = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
HTML_MARKERS = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article)[\s>/]", re.IGNORECASE)
MARKUP_SNIFF_BYTES = 2048


def sniff_kind(name: str, head: bytes) -> str:
    """The reader kind for a blob: by name, then by content ("text" when nothing else fits)."""
    lower = name.lower()
    kind = next((k for ext, k in COMPOUND_EXTENSIONS.items() if lower.endswith(ext)), None)
    kind = kind or EXTENSIONS.get(os.path.splitext(lower)[1])
    if kind == "xml":
        return "feed" if FEED_MARKERS.search(head[:MARKUP_SNIFF_BYTES]) else "html"
    return kind or sniff_content(head)


def sniff_content(head: bytes) -> str:
    """For stdin and unknown names: archive magic, feed or HTML markup, JSON lines, else text."""
    for magic, kind in MAGIC_KINDS:
        if head.startswith(magic):
            return kind
    start = head[:MARKUP_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"<"):
        if FEED_MARKERS.search(start):
            return "feed"
        if HTML_MARKERS.search(start) or start.startswith(b"<?xml"):
            return "html"
    lines = [ln.strip() for ln in head.split(b"\n")[:-1] or [head] if ln.strip()]
    if lines and all(ln.startswith(b"{") for ln in lines):
        return "jsonl"
    return "text"


def iter_blobs(paths: list[str] | tuple[str, ...], stdin: BinaryIO | None = None) -> Iterator[Blob | Rejection]:
    """One Blob per file (opened only while it is being read), in the order given, folders sorted."""
    for path in paths:
        if path == STDIN:
            yield Blob(STDIN, "", stdin if stdin is not None else sys.stdin.buffer)
        elif os.path.isdir(path):
            yield from _walk(Path(path), set())
        else:
            yield from _open_file(Path(path))


SINGLE_ITEM_KINDS = frozenset({"text", "html"})  # one file, one article


def count_items(paths: Sequence[str]) -> int | None:
    """How many items `iter_blobs` + the readers will give, when the paths name only folders and
    files of one article each (known by name: .txt, .html …); None as soon as one may hold many
    (a feed, JSONL, CSV, an archive, an .xml, stdin). Reads names, never contents: a progress
    bar's total, not a promise (a file that turns out to be JSON lines counts once)."""
    total = 0
    for path in paths:
        if path == STDIN:
            return None
        files = _names(Path(path), set()) if os.path.isdir(path) else iter([path])
        for name in files:
            lower = name.lower()
            kind = next((k for ext, k in COMPOUND_EXTENSIONS.items() if lower.endswith(ext)), None)
            if (kind or EXTENSIONS.get(os.path.splitext(lower)[1], "text")) not in SINGLE_ITEM_KINDS:
                return None
            total += 1
    return total


def _tree(folder: Path, seen: set[str]) -> Iterator[os.DirEntry[str] | tuple[str, OSError]]:
    """Every non-hidden entry that is not a folder, depth-first, names sorted, each folder once
    (symlink loops); (folder, error) for a folder that cannot be listed. `_walk` opens what this
    gives, `_names` counts it."""
    real = os.path.realpath(folder)
    if real in seen:
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        yield str(folder), e
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _tree(Path(entry.path), seen)
        else:
            yield entry


def _names(folder: Path, seen: set[str]) -> Iterator[str]:
    """The names of the items `_walk` gives (a folder that cannot be listed is one rejection)."""
    for entry in _tree(folder, seen):
        if isinstance(entry, tuple):
            yield entry[0]
        elif entry.is_file() or entry.is_symlink():
            yield entry.name


def _walk(folder: Path, seen: set[str]) -> Iterator[Blob | Rejection]:
    """Depth-first, names sorted, hidden entries skipped; symlink loops visited once."""
    for entry in _tree(folder, seen):
        if isinstance(entry, tuple):
            path, e = entry
            yield reject(path, UnreadableSource(f"cannot list folder: {e.strerror or e}"))
        elif entry.is_file():
            yield from _open_file(Path(entry.path))
        elif entry.is_symlink():
            yield reject(entry.path, UnreadableSource("broken symbolic link"))
        # sockets, FIFOs, devices inside a folder are not articles: opening a FIFO would block


def _open_file(path: Path) -> Iterator[Blob | Rejection]:
    """The file as a Blob, open while the caller reads it; NG107 when it cannot be opened."""
    try:
        size = path.stat().st_size
        stream = path.open("rb")
    except OSError as e:
        yield reject(str(path), UnreadableSource(f"cannot read: {e.strerror or e}"))
        return
    with stream:
        yield Blob(str(path), path.name, stream, size=size, path=str(path))
