"""JSONL and CSV/TSV: one Document per row, fields found through `settings.tabular`.

Files are streamed line by line (flat memory for any file size); `ingest.max_item_bytes`
caps one row, not the file. A bad row (broken JSON, not an object, no text field, an
over-long line) is one Rejection with its line number, and the next rows go on.
"""

from __future__ import annotations

import codecs
import csv
import json
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

from ..config import Settings, TabularSettings
from ..errors import ConfigError, EmptyInput, InputError, MalformedRecord, TooLarge
from ..model.document import Document, Rejection
from .blob import SNIFF_BYTES, Blob, sha256
from .encoding import check_binary, decode_bytes
from .items import Item, decode_item, reject

ROLES = tuple(TabularSettings.model_fields)  # text, title, date, url, lang, id, html
META_ROLES = ("title", "date", "url", "lang", "id")
MAX_EXTRA_FIELDS = 20  # other short scalar fields kept in meta["fields"]
MAX_EXTRA_CHARS = 200
DELIMITERS = ",;\t|"
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def parse_field_mapping(spec: str) -> dict[str, list[str]]:
    """`"text=body,date=pubDate|dc:date"` → {"text": ["body"], "date": ["pubDate", "dc:date"]}."""
    mapping: dict[str, list[str]] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        role, sep, names = part.partition("=")
        role = role.strip().lower()
        fields = [n.strip() for n in names.split("|") if n.strip()]
        if not sep or role not in ROLES or not fields:
            raise ConfigError(f"bad field mapping {part!r}: use ROLE=FIELD[|FIELD...], ROLE one of {', '.join(ROLES)}")
        mapping[role] = fields
    return mapping


def apply_field_mapping(settings: Settings, spec: str) -> Settings:
    """Settings whose `tabular` roles are replaced by those named in `spec` (the CLI's --field)."""
    return settings.with_overrides(**{f"tabular.{role}": names for role, names in parse_field_mapping(spec).items()})


def read_jsonl(blob: Blob, settings: Settings) -> Iterator[Item]:
    lines = LineSource(blob, settings)
    for lineno, raw, text in lines:
        source = f"{blob.source}:line-{lineno}"
        if raw is None:
            yield reject(source, _too_long(settings))
        elif text.strip():
            yield _json_row(text, source, sha256(raw), lines.encoding, settings.tabular)


def _json_row(text: str, source: str, raw_hash: str, encoding: str, roles: TabularSettings) -> Document | Rejection:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        return reject(source, MalformedRecord(f"invalid JSON: {e.msg} at column {e.colno}"))
    except (ValueError, RecursionError) as e:  # a 5000-digit number, [[[[... nested too deep
        return reject(source, MalformedRecord(f"unreadable JSON: {type(e).__name__}: {str(e)[:200]}"))
    if not isinstance(obj, dict):
        return reject(source, MalformedRecord(f"a JSON {type(obj).__name__}, not an object"))
    return record_document(obj, source, raw_hash, encoding, roles)


def read_csv(blob: Blob, settings: Settings) -> Iterator[Item]:
    yield from _read_delimited(blob, settings, None)


def read_tsv(blob: Blob, settings: Settings) -> Iterator[Item]:
    yield from _read_delimited(blob, settings, "\t")


def _read_delimited(blob: Blob, settings: Settings, delimiter: str | None) -> Iterator[Item]:
    """The first row names the fields; each later row is one record, with the line it starts on."""
    csv.field_size_limit(max(csv.field_size_limit(), settings.ingest.max_item_bytes))
    feeder = _CsvFeeder(LineSource(blob, settings))
    reader = csv.reader(feeder, delimiter=delimiter or sniff_delimiter(blob.head))
    try:
        names = [str(n).strip() for n in next(reader, [])]
    except csv.Error as e:
        raise MalformedRecord(f"CSV header: {e}") from None
    if not any(names):
        raise EmptyInput("no header row")
    feeder.take()  # the header's lines are not a record
    while True:
        try:
            row = next(reader, None)
        except csv.Error as e:
            row = MalformedRecord(f"CSV: {e}")
        start, raw, too_long = feeder.take()
        yield from (reject(f"{blob.source}:line-{n}", _too_long(settings)) for n in too_long)
        if row is None:
            return
        source = f"{blob.source}:line-{start}"
        if isinstance(row, MalformedRecord):
            yield reject(source, row)
        elif any(cell.strip() for cell in row):
            yield record_document(dict(zip(names, row, strict=False)), source, sha256(raw), feeder.lines.encoding,
                                  settings.tabular)


def sniff_delimiter(head: bytes) -> str:
    """The delimiter the header line uses most (`,` `;` tab `|`), comma when none."""
    first = head.split(b"\n", 1)[0]
    counts = {d: first.count(d.encode()) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _too_long(settings: Settings) -> TooLarge:
    return TooLarge(f"line longer than ingest.max_item_bytes={settings.ingest.max_item_bytes}")


class LineSource:
    """(line number, raw bytes or None when too long, decoded text) for each line of a blob.

    The encoding is chosen once from the first whole lines (strict UTF-8, else the usual
    chain); a line that does not decode with it is decoded on its own. UTF-16 cannot be
    split on b"\\n", so a UTF-16 file is decoded whole (capped at ingest.max_item_bytes).
    """

    def __init__(self, blob: Blob, settings: Settings):
        self.blob, self.settings = blob, settings
        if not blob.head.strip():
            raise EmptyInput("empty file")
        self.utf16 = blob.head.startswith(UTF16_BOMS) or b"\x00" in blob.head[:SNIFF_BYTES]
        self.encoding = "utf-16" if self.utf16 else _file_encoding(blob.head, settings)

    def __iter__(self) -> Iterator[tuple[int, bytes | None, str]]:
        if self.utf16:
            decoded = decode_item(self.blob.read_all(self.settings.ingest.max_item_bytes), self.settings)
            self.encoding = decoded.encoding
            for n, line in enumerate(decoded.text.split("\n"), start=1):
                yield n, line.encode("utf-8"), line
            return
        for n, raw in enumerate(self.blob.iter_lines(self.settings.ingest.max_item_bytes), start=1):
            if raw is not None and n == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            yield n, raw, "" if raw is None else self._decode(raw).rstrip("\r")

    def _decode(self, raw: bytes) -> str:
        try:
            return raw.decode(self.encoding)
        except UnicodeDecodeError:
            try:
                return decode_bytes(raw).text
            except InputError:
                return raw.decode(self.encoding, errors="replace")


def _file_encoding(head: bytes, settings: Settings) -> str:
    if settings.ingest.encoding:
        return settings.ingest.encoding
    sample = head[: head.rfind(b"\n") + 1] or head  # whole lines only: no multi-byte char cut in two
    check_binary(sample)
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return decode_bytes(sample).encoding


class _CsvFeeder:
    """Feeds decoded lines to csv.reader and remembers which lines (and bytes) each row used."""

    def __init__(self, lines: LineSource):
        self.lines = lines
        self._it = iter(lines)
        self._raw: list[bytes] = []
        self._start: int | None = None
        self._too_long: list[int] = []

    def __iter__(self) -> _CsvFeeder:
        return self

    def __next__(self) -> str:
        n, raw, text = next(self._it)
        if raw is None:
            self._too_long.append(n)
            return "\n"
        if self._start is None and text.strip():
            self._start = n
        self._raw.append(raw)
        return text + "\n"

    def take(self) -> tuple[int, bytes, list[int]]:
        """(first non-blank line, bytes, over-long line numbers) since the last take."""
        out = (self._start or 0, b"\n".join(self._raw), self._too_long)
        self._raw, self._start, self._too_long = [], None, []
        return out


def record_document(row: Mapping[str, Any], source: str, raw_hash: str, encoding: str,
                    roles: TabularSettings) -> Document | Rejection:
    """A row → Document: text field (kind record) or else html field (kind html); meta from the roles."""
    found = {role: _field(row, getattr(roles, role)) for role in ROLES}
    kind, raw = ("record", found["text"]) if found["text"] else ("html", found["html"])
    if not isinstance(raw, str) or not raw.strip():
        wanted = ", ".join([*roles.text, *roles.html])
        return reject(source, MalformedRecord(f"no text: none of the fields {wanted} holds a non-empty string"))
    meta: dict[str, Any] = {role: str(found[role]).strip() for role in META_ROLES if found[role] not in (None, "")}
    if "date" in meta:
        meta["date_source"] = "field"
    used = {name for role in ROLES for name in getattr(roles, role)}
    extra = {k: v for k, v in row.items() if k not in used and _short_scalar(v)}
    if extra:
        meta["fields"] = dict(list(extra.items())[:MAX_EXTRA_FIELDS])
    return Document(source=source, raw=_normalise(raw), kind=kind, raw_hash=raw_hash, encoding=encoding, meta=meta)


def _field(row: Mapping[str, Any], names: list[str]) -> Any:
    """The first candidate field present with a value; names match exactly, then ignoring case."""
    lowered = {str(k).lower(): v for k, v in row.items()}
    for name in names:
        value = row.get(name, lowered.get(name.lower()))
        if value not in (None, ""):
            return value
    return None


def _short_scalar(value: Any) -> bool:
    return isinstance(value, (int, float, bool)) or (isinstance(value, str) and 0 < len(value) <= MAX_EXTRA_CHARS)


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
