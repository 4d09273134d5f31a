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
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from .embed import MemoryCache, embed_texts, get_encoder
from .embed.encoders import Encoder
from .errors import BadQuery, UsageError
from .store import Filters, Store, fts
from .store.base import KeywordHit
from .store.vectors import VectorHit
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
_fold_word = lru_cache(maxsize=1 << 17)(fold)
"""fold() of one word, remembered: snippets fold every word of every hit, and news reuses its words
(hybrid search over 100k documents spent a third of its time folding the same words again)."""




def snippet(text: str, wanted: list[tuple[str, bool]], size: int = 24) -> dict[str, Any]:
    """The window of `size` words with the most distinct matches, from the original text.

    Returns the excerpt, where it starts in the document text (provenance), and the
    highlighted spans as offsets into the excerpt.
    """
    words = [(m.start(), m.end()) for m in _SNIPPET_WORD.finditer(text)]
    if not words:
        return {"text": "", "start": 0, "highlights": [], "before": False, "after": False}
    folded = [_fold_word(text[s:e]) for s, e in words] if wanted else []
    exact = {w for w, prefix in wanted if not prefix}
    prefixes = tuple(w for w, prefix in wanted if prefix)
    hits = [i for i, f in enumerate(folded) if f in exact or (prefixes and f.startswith(prefixes))]
    best_start, best_score = 0, -1
    for i in hits or [0]:
        start = max(0, i - size // 4)
        window = {folded[j] for j in hits if start <= j < start + size}
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


RRF_K = 60  # reciprocal-rank fusion constant (Cormack et al. 2009)
FUSION_DEPTH = 200  # hits of each list that are fused
_query_cache = MemoryCache()  # query vectors of this process


def default_mode(store: Store, model: str) -> str:
    """hybrid once the store has document vectors of `model`, else keyword."""
    return "hybrid" if store.vectors.has(model) else "keyword"


def _semantic(store: Store, query: str, filters: Filters, depth: int, encoder: Encoder) -> list[VectorHit]:
    if not query.strip():
        raise BadQuery("the query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise BadQuery(f"query is longer than {MAX_QUERY_CHARS} characters")
    if not store.vectors.has(encoder.name):
        raise UsageError(f"no document vectors ({encoder.name}) in this store yet: run `newsgraph embed` first, "
                         "or search with --mode keyword")
    qvec = embed_texts([query], encoder, "query", _query_cache)[0]
    return store.vectors.search(encoder.name, qvec, filters, depth)


def _fused(store: Store, query: str, q: Query | None, mode: str, filters: Filters, depth: int,
           encoder: Encoder) -> list[tuple[str, float, dict[str, Any]]]:
    """(doc id, score, explanation) of every semantic or hybrid candidate (the ranked set), best first."""
    semantic = _semantic(store, query, filters, depth, encoder)
    if mode == "semantic":
        return [(h.id, h.similarity, {"similarity": h.similarity, "passage": [h.start, h.end]}) for h in semantic]
    keyword: list[KeywordHit] = []
    if q is not None and q.groups:
        keyword, _ = store.keyword_search(compile_fts(q), filters, FUSION_DEPTH, 0, count=False)
    fused: dict[str, dict[str, Any]] = {}
    for rank, h in enumerate(keyword, 1):
        fused.setdefault(h.id, {})["keyword"] = {"rank": rank, "bm25": h.score}
    for rank, v in enumerate(semantic, 1):
        fused.setdefault(v.id, {})["semantic"] = {"rank": rank, "similarity": v.similarity, "passage": [v.start, v.end]}
    scored = []
    for doc_id, parts in fused.items():
        rrf = sum(1 / (RRF_K + p["rank"]) for p in parts.values())
        scored.append((doc_id, round(rrf, 6), {**parts, "rrf": round(rrf, 6)}))
    scored.sort(key=lambda t: (-t[1], t[0]))
    return scored


def _ranked(store: Store, query: str, q: Query | None, mode: str, filters: Filters, offset: int, limit: int,
            encoder: Encoder | None) -> tuple[list[tuple[str, float, dict[str, Any]]], int, list[str]]:
    """(doc id, score, explanation) of one page, the total, and the ids of the ranked set
    (semantic and hybrid; keyword ranks every match, so it gives none)."""
    if mode == "keyword":
        assert q is not None
        found, total = store.keyword_search(compile_fts(q), filters, limit, offset)
        return [(h.id, h.score, {"bm25": h.score}) for h in found], total, []
    assert encoder is not None
    scored = _fused(store, query, q, mode, filters, max(FUSION_DEPTH, offset + limit), encoder)
    return scored[offset:offset + limit], len(scored), [s[0] for s in scored]


def facets(store: Store, query: str, q: Query | None, mode: str, filters: Filters, ranked: list[str],
           encoder: Encoder | None) -> dict[str, Any]:
    """Counts by language, entity type and story (top 10) under every filter, and by month without
    the date filters (a histogram of the whole range while a brushed range narrows the hits).
    Keyword mode counts every matching document; semantic and hybrid their ranked set."""
    undated = replace(filters, since=None, until=None)
    if mode == "keyword":
        assert q is not None
        return store.facet_counts(filters, match=compile_fts(q), month_filters=undated)
    assert encoder is not None
    if undated == filters:  # no date filter: one pass counts months with the rest
        return store.facet_counts(filters, ids=ranked)
    out = store.facet_counts(filters, ids=ranked, only=("lang", "entity_type", "story"))
    undated_ranked = [s[0] for s in _fused(store, query, q, mode, undated, FUSION_DEPTH, encoder)]
    out["month"] = store.facet_counts(undated, ids=undated_ranked, only=("month",))["month"]
    return {k: out[k] for k in ("lang", "month", "entity_type", "story")}


def search(
    store: Store,
    query: str,
    mode: str | None = "keyword",
    filters: Filters | None = None,
    limit: int = 20,
    cursor: str | None = None,
    snippet_words: int = 24,
    encoder: Encoder | None = None,
    with_facets: bool = False,
) -> dict[str, Any]:
    """Search stored documents; the result is the HTTP/--json shape: hits, total, next_cursor.

    keyword: FTS5 BM25 over the folded text. semantic: cosine of the query's vector to each
    document's best embedded passage (any language: a French query finds the English article).
    hybrid: reciprocal-rank fusion of both lists (their top 200 each). `mode=None` picks hybrid
    when the store has document vectors of the encoder, else keyword. Each hit's `explain` says
    where its score came from; `with_facets` adds `facets` (see `facets`)."""
    if encoder is None and mode != "keyword":
        encoder = get_encoder()
    if mode is None:
        mode = default_mode(store, encoder.name) if encoder is not None else "keyword"
    if mode not in MODES:
        raise UsageError(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")
    filters = filters or Filters()
    q: Query | None = None
    if mode == "keyword":
        q = parse_query(query)
    elif mode == "hybrid":
        try:
            q = parse_query(query)
            compile_fts(q)
        except BadQuery:
            q = None  # nothing to match by keyword: the semantic side alone
    offset = decode_cursor(cursor)
    limit = max(1, min(limit, 500))
    page, total, ranked = _ranked(store, query, q, mode, filters, offset, limit, encoder)
    docs = store.texts([doc_id for doc_id, _, _ in page])
    wanted = q.positive_words() if q is not None else []
    hits = []
    for doc_id, score, explain in page:
        d = docs[doc_id]
        hits.append(
            {
                "id": doc_id,
                "source": d["source"],
                "title": d["title"],
                "lang": d["lang"],
                "published": d["published"],
                "score": score,
                "explain": explain,
                **_snippet_fields(snippet(d["text"], wanted, snippet_words)),
            }
        )
    nxt = offset + len(hits)
    out = {
        "query": query,
        "mode": mode,
        "total": total,
        "hits": hits,
        "next_cursor": encode_cursor(nxt) if nxt < total else None,
    }
    if with_facets:
        out["facets"] = facets(store, query, q, mode, filters, ranked, encoder)
    return out
