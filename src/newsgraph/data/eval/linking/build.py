"""Build linking-v1.jsonl from the annotated source linking-v1.src.txt (offsets computed, never typed).

Source format (see README.md): a document starts with a header line
`=== <id> | <lang> | <date> | <split>`; its text is the following non-blank lines, joined by a
single space. A mention is written inline as `[[surface|entity|TYPE]]`, optionally
`[[surface|entity|TYPE|case]]` or `[[surface|entity|TYPE|case|confusable1,confusable2]]`.
Lines starting with `#` are comments. Run: `python build.py` (checks, then rewrites the JSONL).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
SOURCE = HERE / "linking-v1.src.txt"
TARGET = HERE / "linking-v1.jsonl"
MARK = re.compile(r"\[\[([^\[\]|]+)\|([^\[\]|]+)\|(PER|ORG|LOC|MISC)(?:\|([^\[\]|]*))?(?:\|([^\[\]|]*))?\]\]")
HEADER = re.compile(r"^=== (\S+) \| (\w\w) \| (\d{4}-\d\d-\d\d) \| (dev|test)$")
ENTITY = re.compile(r"^(new:[a-z0-9-]+|[a-z0-9][a-z0-9-]*(?:[:@][a-z0-9-]+)*)$")  # pack ids: geo:jp, <pattern>@<place>
HARD_CASES = ("hard-negative", "homonym")


def parse_text(marked: str) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and mentions with offsets into it, from text with inline [[...]] marks."""
    text_parts: list[str] = []
    mentions: list[dict[str, Any]] = []
    pos = length = 0
    for m in MARK.finditer(marked):
        before = marked[pos : m.start()]
        text_parts.append(before)
        length += len(before)
        surface, entity, type_, case, confusable = m.groups()
        mention: dict[str, Any] = {"start": length, "end": length + len(surface), "text": surface,
                                   "type": type_, "entity": entity}
        if case:
            mention["case"] = case
        if confusable:
            mention["confusable"] = [c.strip() for c in confusable.split(",") if c.strip()]
        mentions.append(mention)
        text_parts.append(surface)
        length += len(surface)
        pos = m.end()
    text_parts.append(marked[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise ValueError(f"unparsed mark in: {marked[:80]}")
    return text, mentions


def parse_source(source: str) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    header: tuple[str, ...] | None = None
    lines: list[str] = []
    for line in [*source.splitlines(), "=== END"]:
        if line.startswith("#"):
            continue
        if line.startswith("==="):
            if header:
                docs.append(_document(header, lines))
            if line != "=== END":
                match = HEADER.match(line)
                if not match:
                    raise ValueError(f"bad header: {line}")
                header, lines = match.groups(), []
        elif line.strip():
            lines.append(line.strip())
    return docs


def _document(header: tuple[str, ...], lines: list[str]) -> dict[str, Any]:
    doc_id, lang, date, split = header
    text, mentions = parse_text(unicodedata.normalize("NFC", " ".join(lines)))
    return {"id": doc_id, "lang": lang, "date": date, "split": split, "text": text, "mentions": mentions}


def check(docs: list[dict[str, Any]]) -> None:
    """Offsets hold their surface, ids are unique, entity labels well formed, hard cases say what they confuse."""
    ids = Counter(d["id"] for d in docs)
    if dup := [i for i, n in ids.items() if n > 1]:
        raise ValueError(f"duplicate ids: {dup}")
    for d in docs:
        for m in d["mentions"]:
            if d["text"][m["start"] : m["end"]] != m["text"] or m["text"] != m["text"].strip():
                raise ValueError(f"{d['id']}: bad span for {m['text']!r}")
            if not ENTITY.match(m["entity"]):
                raise ValueError(f"{d['id']}: bad entity label {m['entity']!r}")
            if m.get("case", "").startswith(HARD_CASES) and not m.get("confusable"):
                raise ValueError(f"{d['id']}: {m['text']!r} is a hard case without a confusable entity")


def summary(docs: list[dict[str, Any]]) -> dict[str, Any]:
    mentions = [(d, m) for d in docs for m in d["mentions"]]
    return {
        "documents": len(docs),
        "mentions": len(mentions),
        "entities": len({m["entity"] for _, m in mentions}),
        "by_lang": dict(Counter(d["lang"] for d, _ in mentions).most_common()),
        "by_split": dict(Counter(d["split"] for d, _ in mentions).most_common()),
        "docs_by_split": dict(Counter(d["split"] for d in docs).most_common()),
        "by_type": dict(Counter(m["type"] for _, m in mentions).most_common()),
        "by_case": dict(Counter(m.get("case", "-") for _, m in mentions).most_common()),
        "pack_mentions": sum(not m["entity"].startswith("new:") for _, m in mentions),
    }


def main() -> int:
    docs = parse_source(SOURCE.read_text(encoding="utf-8"))
    check(docs)
    with TARGET.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    json.dump(summary(docs), sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
