"""The read step: bytes from files, folders, archives, feeds, JSONL/CSV or stdin → raw Documents.

    for item in iter_items(["corpus/", "feed.xml", "-"], settings):
        ...  # a Document (source, raw, kind, raw_hash, encoding, meta) or a Rejection

Streaming: one file (or archive member) is open at a time and items are yielded as they
are read, so memory stays flat in corpus size. Bad input never raises: each bad item is a
Rejection(source, "read", code, message) and the rest go on.
"""

from __future__ import annotations

import gzip
import tarfile
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from ..config import Settings
from ..errors import InputError, MalformedRecord, UnreadableSource, UnsafeArchiveMember
from ..model.document import Document, Rejection
from .archives import read_gz, read_tar, read_zip
from .blob import Blob
from .encoding import decode, decode_bytes
from .feeds import read_feed
from .files import iter_blobs, sniff_kind
from .html import read_html
from .items import Reader, reject
from .tabular import apply_field_mapping, parse_field_mapping, read_csv, read_jsonl, read_tsv
from .text import read_text

__all__ = ["READERS", "apply_field_mapping", "decode", "decode_bytes", "iter_items", "parse_field_mapping",
           "read_blob"]

READERS: dict[str, Reader] = {
    "text": read_text,
    "html": read_html,
    "feed": read_feed,
    "jsonl": read_jsonl,
    "csv": read_csv,
    "tsv": read_tsv,
    "gz": read_gz,
    "zip": read_zip,
    "tar": read_tar,
}
MAX_DEPTH = 3  # archives inside archives: deeper is refused (a zip quine would never end)
CORRUPT = (gzip.BadGzipFile, zipfile.BadZipFile, tarfile.TarError, zlib.error, EOFError)


def iter_items(paths: Sequence[str], settings: Settings, stdin: BinaryIO | None = None) -> Iterator[Document | Rejection]:
    """Every Document found under `paths` ('-' is stdin), in order, or a Rejection per bad item."""
    for blob in iter_blobs(tuple(paths), stdin):
        if isinstance(blob, Rejection):
            yield blob
        else:
            yield from read_blob(blob, settings)


def read_blob(blob: Blob, settings: Settings) -> Iterator[Document | Rejection]:
    """Sniff the blob's kind, run its reader, and read inner blobs (archive members) in turn."""
    if blob.depth > MAX_DEPTH:
        yield reject(blob.source, UnsafeArchiveMember(f"archives nested more than {MAX_DEPTH} deep"))
        return
    try:
        for item in READERS[sniff_kind(blob.name, blob.head)](blob, settings):
            if isinstance(item, Blob):
                yield from read_blob(item, settings)
            else:
                yield item
    except InputError as e:
        yield reject(blob.source, e)
    except CORRUPT as e:
        yield reject(blob.source, MalformedRecord(f"corrupt {type(e).__name__}: {e}"))
    except OSError as e:
        yield reject(blob.source, UnreadableSource(f"cannot read: {e.strerror or e}"))
