"""Search: parse a user query, run it on the store, build hits with highlighted snippets.

The query language is small and forgiving: words (all must match), "phrases", prefix*,
-excluded (or NOT word), OR between alternatives. Everything else — parentheses, NEAR,
SQL, stray quotes — is read as plain words, so any string gives results or a clear
message (BadQuery), never an exception. Folding is the index's (store/fts.py), so
`luong cuong` finds Lương Cường and `Dien Bien Phu` finds Điện Biên Phủ.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from typing import Any

from .errors import BadQuery, UsageError
from .store import Filters, Store, fts
from .text.normalise import fold
from .text.scripts import UNSPACED

MODES = ("keyword", "semantic", "hybrid")
_TOKEN = re.compile(r'"[^"]*"?|[^\s"]+')
_OPERATORS_IGNORED = {"AND", "NEAR", "&&"}
_SNIPPET_WORD = re.compile(rf"[{UNSPACED}]|[^\W{UNSPACED}]+")
MAX_QUERY_CHARS = 1000


@dataclass
class Term:
    words: list[str]
    prefix: bool = False


@dataclass
class Query:
    groups: list[list[Term]] = field(default_factory=list)  # OR of ANDs
    excluded: list[Term] = field(default_factory=list)

    def positive_words(self) -> list[tuple[str, bool]]:
        return [(fold(w), t.prefix) for g in self.groups for t in g for w in t.words]


def _term(token: str) -> Term | None:
    if token.startswith('"'):
        words = token.strip('"').split()
        return Term(words) if words else None
    token = token.strip("()[]{}")
    prefix = token.endswith("*")
    token = token.strip("*")
    return Term([token], prefix) if token else None


def parse_query(text: str) -> Query:
    """User string → Query. Parentheses are separators; OR/| splits alternatives; - and NOT exclude."""
    if len(text) > MAX_QUERY_CHARS:
        raise BadQuery(f"query is longer than {MAX_QUERY_CHARS} characters")
    q = Query(groups=[[]])
    negate = False
    for tok in _TOKEN.findall(text.replace("(", " ").replace(")", " ")):
        if tok in ("OR", "|", "||"):
            q.groups.append([])
            continue
        if tok in _OPERATORS_IGNORED:
            continue
        if tok == "NOT":
            negate = True
            continue
        if tok.startswith("-") and len(tok) > 1 and not tok[1:].startswith("-"):
            negate, tok = True, tok[1:]
        term = _term(tok)
        if term:
            (q.excluded if negate else q.groups[-1]).append(term)
        negate = False
    q.groups = [g for g in q.groups if g]
    return q


def compile_fts(q: Query) -> str:
    expr = fts.compile_query(
        [[(t.words, t.prefix) for t in g] for g in q.groups], [(t.words, t.prefix) for t in q.excluded]
    )
    if expr is None:
        raise BadQuery("the query has no word to search for (excluded words alone cannot be searched)")
    return expr


# -- cursors ----------------------------------------------------------------------------------
def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        pad = "=" * (-len(cursor) % 4)
        offset = int(json.loads(base64.urlsafe_b64decode(cursor + pad))["o"])
    except (ValueError, KeyError, TypeError):
        raise UsageError(f"invalid cursor {cursor!r}") from None
    if offset < 0:
        raise UsageError(f"invalid cursor {cursor!r}")
    return offset


# -- snippets ---------------------------------------------------------------------------------
def _matches(word: str, wanted: list[tuple[str, bool]]) -> bool:
    f = fold(word)
    return any(f.startswith(w) if p else f == w for w, p in wanted)


def snippet(text: str, wanted: list[tuple[str, bool]], size: int = 24) -> dict[str, Any]:
    """The window of `size` words with the most distinct matches, from the original text.

    Returns the excerpt, where it starts in the document text (provenance), and the
    highlighted spans as offsets into the excerpt.
    """
    words = [(m.start(), m.end()) for m in _SNIPPET_WORD.finditer(text)]
    if not words:
        return {"text": "", "start": 0, "highlights": [], "before": False, "after": False}
    hits = [i for i, (s, e) in enumerate(words) if _matches(text[s:e], wanted)]
    best_start, best_score = 0, -1
    for i in hits or [0]:
        start = max(0, i - size // 4)
        window = {fold(text[words[j][0] : words[j][1]]) for j in hits if start <= j < start + size}
        if len(window) > best_score:
            best_start, best_score = start, len(window)
    last = min(len(words), best_start + size) - 1
    s0, s1 = words[best_start][0], words[last][1]
    excerpt = text[s0:s1]
    highlights = [[words[j][0] - s0, words[j][1] - s0] for j in hits if best_start <= j <= last]
    return {
        "text": " ".join(excerpt.split("\n")),
        "start": s0,
        "highlights": highlights,
        "before": s0 > 0,
        "after": s1 < len(text),
    }


def _snippet_fields(sn: dict[str, Any]) -> dict[str, Any]:
    """`snippet` is a string (contract); `highlights` are offsets into it; `snippet_start` into the text."""
    lead = "…" if sn["before"] else ""
    shift = len(lead)
    return {
        "snippet": lead + sn["text"] + ("…" if sn["after"] else ""),
        "highlights": [[s + shift, e + shift] for s, e in sn["highlights"]],
        "snippet_start": sn["start"],
    }


def search(
    store: Store,
    query: str,
    mode: str = "keyword",
    filters: Filters | None = None,
    limit: int = 20,
    cursor: str | None = None,
    snippet_words: int = 24,
) -> dict[str, Any]:
    """Search stored documents; the result is the HTTP/--json shape: hits, total, next_cursor."""
    if mode not in MODES:
        raise UsageError(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")
    if mode != "keyword":
        raise UsageError(f"{mode} search needs document embeddings, which this version does not build yet; use --mode keyword")
    filters = filters or Filters()
    q = parse_query(query)
    expr = compile_fts(q)
    offset = decode_cursor(cursor)
    limit = max(1, min(limit, 500))
    found, total = store.keyword_search(expr, filters, limit, offset)
    docs = store.texts([h.id for h in found])
    wanted = q.positive_words()
    hits = []
    for h in found:
        d = docs[h.id]
        hits.append(
            {
                "id": h.id,
                "source": d["source"],
                "title": d["title"],
                "lang": d["lang"],
                "published": d["published"],
                "score": h.score,
                **_snippet_fields(snippet(d["text"], wanted, snippet_words)),
            }
        )
    nxt = offset + len(hits)
    return {
        "query": query,
        "mode": mode,
        "total": total,
        "hits": hits,
        "next_cursor": encode_cursor(nxt) if nxt < total else None,
    }
