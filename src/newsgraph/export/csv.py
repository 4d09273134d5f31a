"""CSV: the document shape flattened; `published` split into columns, mentions as JSON text."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

COLUMNS = ("id", "source", "title", "lang", "published_date", "published_precision", "published_source",
           "story_id", "text", "mentions")


def flatten(rec: dict[str, Any]) -> dict[str, Any]:
    pub = rec.get("published") or {}
    return {
        "id": rec["id"], "source": rec["source"], "title": rec["title"], "lang": rec["lang"],
        "published_date": pub.get("date"), "published_precision": pub.get("precision"),
        "published_source": pub.get("source"), "story_id": rec.get("story_id"), "text": rec["text"],
        "mentions": json.dumps(rec.get("mentions", []), ensure_ascii=False),
    }


ENTITY_COLUMNS = ("id", "type", "name", "aliases", "roles", "documents")


def flatten_entity(rec: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": rec["id"], "type": rec["type"], "name": rec["name"],
        "aliases": " | ".join(f"{a['name']} ({a['lang']}, {a['script']})" for a in rec["aliases"]),
        "roles": json.dumps(rec["roles"], ensure_ascii=False), "documents": " ".join(rec["documents"]),
    }


STORY_COLUMNS = ("id", "title", "size", "languages", "first_seen", "last_seen", "documents", "summary")


def flatten_story(rec: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": rec["id"], "title": rec["title"], "size": rec["size"],
        "languages": " ".join(f"{lang}:{n}" for lang, n in rec["languages"].items()),
        "first_seen": rec["first_seen"], "last_seen": rec["last_seen"], "documents": " ".join(rec["documents"]),
        "summary": json.dumps(rec["summary"] or [], ensure_ascii=False),
    }


SHAPES = {"documents": (COLUMNS, flatten), "entities": (ENTITY_COLUMNS, flatten_entity),
          "stories": (STORY_COLUMNS, flatten_story)}


def export_csv(records: Iterable[dict[str, Any]], out: IO[str], what: str = "documents") -> int:
    columns, row = SHAPES[what]
    w = csv.DictWriter(out, fieldnames=columns)
    w.writeheader()
    n = 0
    for rec in records:
        w.writerow(row(rec))
        n += 1
    return n
