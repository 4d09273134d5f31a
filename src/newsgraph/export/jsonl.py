"""JSONL: one record per line, the stable contract shape (DESIGN.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any


def export_jsonl(records: Iterable[dict[str, Any]], out: IO[str], what: str = "documents") -> int:
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n
