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


def export_csv(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    w = csv.DictWriter(out, fieldnames=COLUMNS)
    w.writeheader()
    n = 0
    for rec in records:
        w.writerow(flatten(rec))
        n += 1
    return n
