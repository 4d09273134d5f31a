"""Full-text indexing and query compilation for SQLite FTS5 — one folding for index and queries.

Index side: `index_text()` folds (diacritics, đ→d, Arabic variants; see text/normalise.py)
and spaces out unspaced scripts (each Han/kana/Thai character is a token), so
`unicode61` tokenises every script alike. Query side: `compile_query()` turns the
parsed user query (search.QueryTerm list) into an FTS5 expression where every term is a
quoted string: user input can never inject FTS5 or SQL syntax.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..text.normalise import fold
from ..text.scripts import space_unspaced

TOKENIZE = "unicode61 remove_diacritics 2"


def index_text(text: str, folded: bool = False) -> str:
    """What FTS5 indexes for `text`; pass folded=True when the caller has folded it already."""
    return space_unspaced(text if folded else fold(text))


def _quote(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def compile_term(words: Sequence[str], prefix: bool) -> str | None:
    """A word or phrase → FTS5 string; a CJK word becomes a phrase of its characters."""
    tokens = index_text(" ".join(words)).split()
    tokens = [t for t in ("".join(ch for ch in tok if ch.isalnum()) for tok in tokens) if t]
    if not tokens:
        return None
    expr = _quote(" ".join(tokens))
    return expr + ("*" if prefix else "")


def compile_query(groups: Sequence[Sequence[tuple[Sequence[str], bool]]], excluded: Sequence[tuple[Sequence[str], bool]]) -> str | None:
    """groups: OR of ANDs of (words, prefix); excluded: terms that must not match."""
    ors = []
    for group in groups:
        ands = [t for t in (compile_term(w, p) for w, p in group) if t]
        if ands:
            ors.append("(" + " AND ".join(ands) + ")" if len(ands) > 1 else ands[0])
    if not ors:
        return None
    expr = "(" + " OR ".join(ors) + ")" if len(ors) > 1 else ors[0]
    nots = [t for t in (compile_term(w, p) for w, p in excluded) if t]
    for n in nots:
        expr = f"{expr} NOT {n}"
    return expr
