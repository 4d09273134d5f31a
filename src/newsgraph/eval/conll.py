"""CoNLL reader for the NER eval: `token<TAB>TAG` lines, a blank line ends a sentence.

Each line is split on its LAST tab (a few tokens hold spaces, e.g. "10 000"); `#` comment
lines, `-DOCSTART-` pseudo-sentences and empty tokens are skipped. Gzipped files are read
directly. Tags are IOB2 (`B-X`, `I-X`, `O`); `tags_to_spans` reads them seqeval-style.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from .data import open_text

Sentence = tuple[list[str], list[str]]  # tokens, tags
TokenSpan = tuple[int, int, str]  # first token, one past the last token, type

_NAME = re.compile(r"^[^/]+?-(?P<lang>[a-z]{2,3})-[^-/]+?\.conll(?:\.gz)?$")


def lang_from_name(path: str | Path) -> str | None:
    """`wikineural-fr-val.conll.gz` → "fr" (pattern `<set>-<lang>-<split>.conll[.gz]`); else None."""
    m = _NAME.match(Path(path).name)
    return m.group("lang") if m else None


def read_conll(path: str | Path, limit: int | None = None) -> Iterator[Sentence]:
    """Sentences of a CoNLL file as (tokens, tags); `limit` stops after that many sentences."""
    tokens: list[str] = []
    tags: list[str] = []
    n = 0
    with open_text(path) as f:
        for raw in f:
            line = raw.rstrip("\r\n")
            if not line.strip():
                if tokens:
                    yield tokens, tags
                    n += 1
                    if limit is not None and n >= limit:
                        return
                tokens, tags = [], []
                continue
            if line.startswith("#") and "\t" not in line:
                continue
            token, _, tag = line.rpartition("\t") if "\t" in line else line.rpartition(" ")
            if not token.strip() or token == "-DOCSTART-":
                continue
            tokens.append(token)
            tags.append(tag.strip() or "O")
    if tokens and (limit is None or n < limit):
        yield tokens, tags


def tags_to_spans(tags: Sequence[str]) -> list[TokenSpan]:
    """IOB2 tags → entity spans, as seqeval's default mode: an I-X not following B-X/I-X starts one."""
    spans: list[TokenSpan] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if prefix not in ("B", "I"):
            prefix, label = "O", ""
        continues = prefix == "I" and label == kind and start >= 0
        if not continues:
            if start >= 0:
                spans.append((start, i, kind))
            start, kind = (i, label) if prefix in ("B", "I") else (-1, "")
    return spans
