"""Parquet: the document shape with nested `published` and `mentions`, written in row groups."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

PUBLISHED = pa.struct([("date", pa.string()), ("precision", pa.string()), ("source", pa.string())])
MENTION = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("text", pa.string()), ("type", pa.string()),
                     ("entity_id", pa.string())])
SCHEMA = pa.schema([
    ("id", pa.string()), ("source", pa.string()), ("title", pa.string()), ("text", pa.string()),
    ("lang", pa.string()), ("published", PUBLISHED), ("mentions", pa.list_(MENTION)), ("story_id", pa.string()),
])
ALIAS = pa.struct([("name", pa.string()), ("lang", pa.string()), ("script", pa.string())])
ROLE = pa.struct([("title", pa.string()), ("org", pa.string()), ("start", pa.string()), ("end", pa.string()),
                  ("source", pa.string())])
ENTITY_SCHEMA = pa.schema([
    ("id", pa.string()), ("type", pa.string()), ("name", pa.string()), ("aliases", pa.list_(ALIAS)),
    ("roles", pa.list_(ROLE)), ("documents", pa.list_(pa.string())),
])
SENTENCE = pa.struct([("document", pa.string()), ("lang", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
                      ("text", pa.string())])
STORY_SCHEMA = pa.schema([
    ("id", pa.string()), ("title", pa.string()), ("size", pa.int32()), ("documents", pa.list_(pa.string())),
    ("languages", pa.map_(pa.string(), pa.int32())), ("first_seen", pa.string()), ("last_seen", pa.string()),
    ("summary", pa.list_(SENTENCE)),
])
ROW_GROUP = 2000
SCHEMAS = {"documents": SCHEMA, "entities": ENTITY_SCHEMA, "stories": STORY_SCHEMA}


def export_parquet(records: Iterable[dict[str, Any]], out: IO[bytes], what: str = "documents") -> int:
    return _write(records, out, SCHEMAS[what])


def _write(records: Iterable[dict[str, Any]], out: IO[bytes], schema: pa.Schema) -> int:
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        chunk: list[dict[str, Any]] = []
        for rec in records:
            chunk.append({k: rec.get(k) for k in schema.names})
            if len(chunk) >= ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                n += len(chunk)
                chunk = []
        if chunk or n == 0:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    return n
