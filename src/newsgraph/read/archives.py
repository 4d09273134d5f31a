"""Archives: .gz (one stream), .zip and .tar(.gz) (many members), each member read as its own item.

Readers here only open things; they yield inner Blobs, and the dispatcher sniffs and reads
each one, so a .jsonl.gz streams rows and a zip of zips works (up to MAX_DEPTH). Bounds:
a member's bytes are read through Blob.read_all (never more than ingest.max_item_bytes + 1,
whatever the header claims), and at most ingest.max_archive_members members are opened.
"""

from __future__ import annotations

import gzip
import io
import re
import tarfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath
from typing import TypeVar

from ..config import Settings
from ..errors import TooLarge, UnreadableSource, UnsafeArchiveMember
from ..model.document import Rejection
from .blob import Blob
from .items import Item, reject

T = TypeVar("T")
GZIP_SUFFIXES = (".gz", ".gzip")
_DRIVE = re.compile(r"^[A-Za-z]:")
SKIPPED_PREFIXES = ("__MACOSX/",)  # resource forks macOS adds to zips


def read_gz(blob: Blob, settings: Settings) -> Iterator[Item]:
    """The decompressed stream, named without .gz so `x.jsonl.gz` is read as JSONL."""
    name = blob.name
    for suffix in GZIP_SUFFIXES:
        name = name.removesuffix(suffix) if name.lower().endswith(suffix) else name
    stream = gzip.GzipFile(fileobj=blob.rejoined(), mode="rb")
    yield Blob(blob.source, name if name != blob.name else "", stream, depth=blob.depth + 1)


def read_zip(blob: Blob, settings: Settings) -> Iterator[Item]:
    cap = settings.ingest.max_item_bytes
    source = blob.path or io.BytesIO(blob.read_all(cap))  # a zip needs seeking: in memory only if small
    with zipfile.ZipFile(source) as zf:
        members = [m for m in zf.infolist() if not m.is_dir() and not _skipped(m.filename)]
        for item in _capped(blob, members, settings):
            if isinstance(item, zipfile.ZipInfo):
                yield from _zip_member(zf, item, blob)
            else:
                yield item


def _zip_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, blob: Blob) -> Iterator[Item]:
    source = f"{blob.source}!{info.filename}"
    if problem := unsafe_name(info.filename):
        yield reject(source, UnsafeArchiveMember(problem))
    elif info.flag_bits & 0x1:
        yield reject(source, UnreadableSource("encrypted archive member"))
    else:  # its declared size is checked by the reader: a JSONL member streams, a text member must fit
        with zf.open(info) as stream:
            yield Blob(source, info.filename, stream, size=info.file_size, depth=blob.depth + 1)


def read_tar(blob: Blob, settings: Settings) -> Iterator[Item]:
    """Tar members in stream mode (no seeking, compression auto-detected)."""
    with tarfile.open(fileobj=blob.rejoined(), mode="r|*") as tf:
        for item in _capped(blob, _tar_files(tf), settings):
            if not isinstance(item, tarfile.TarInfo):
                yield item
                continue
            source = f"{blob.source}!{item.name}"
            if problem := unsafe_name(item.name) or ("a link" if item.issym() or item.islnk() else None):
                yield reject(source, UnsafeArchiveMember(problem))
            elif stream := tf.extractfile(item):
                yield Blob(source, item.name, stream, size=item.size, depth=blob.depth + 1)


def _tar_files(tf: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    for info in tf:
        if not info.isdir() and not _skipped(info.name):
            yield info


def _capped(blob: Blob, members: Iterable[T], settings: Settings) -> Iterator[T | Rejection]:
    """The members, up to ingest.max_archive_members; one Rejection says the rest were skipped."""
    limit = settings.ingest.max_archive_members
    for n, member in enumerate(members):
        if n >= limit:
            yield reject(blob.source, TooLarge(f"more than ingest.max_archive_members={limit} members; the rest skipped"))
            return
        yield member


def unsafe_name(name: str) -> str | None:
    """Why a member name would land outside the archive (absolute, drive letter, '..'), or None."""
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return f"absolute member path {name!r}"
    if ".." in PurePosixPath(name.replace("\\", "/")).parts:
        return f"member path {name!r} climbs out of the archive"
    return None


def _skipped(name: str) -> bool:
    """Hidden files and OS litter are skipped silently, as in folders."""
    parts = name.replace("\\", "/").split("/")
    return name.startswith(SKIPPED_PREFIXES) or any(p.startswith(".") and p not in (".", "..") for p in parts)
