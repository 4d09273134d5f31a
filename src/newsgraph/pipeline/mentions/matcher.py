"""One compiled name matcher: folded token sequences, a first-token index, CJK as exact substrings.

Shared by the gazetteer (pack names → PER/ORG/LOC) and the titles stage (post names → TITLE).
Text and names are cut into the same tokens (`\\w+` runs, each other non-space character alone)
and folded (`text.normalise.fold`: case, diacritics, Arabic letter variants), so "Lương Cường",
"Luong Cuong" and "LUONG CUONG" meet, and a name can only start and end on a word boundary.
Names in CJK script match as exact substrings (no spaces to cut on). Names that look like
acronyms (two or more capitals: "UN", "MINUSS", "MoD") match only when written with the same
capitals, so French "un" is not the UN. Arabic proclitics glued to a word ("والوزير",
"للجنة", "بالجيش") are taken off the first token of a match and left out of the span.
Leftmost-longest: at each position the longest name wins, then matching goes on after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Generic, TypeVar

from ...text.normalise import fold

P = TypeVar("P")

_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670"
TOKEN = re.compile(rf"[\w{_MARKS}]+|[^\w\s]")
CJK = re.compile(r"[\u2e80-\u9fff\u3040-\u30ff\uac00-\ud7af\uf900-\ufaff]")
ARABIC = re.compile(r"[\u0600-\u06ff]")
# Arabic proclitics: a conjunction, then a preposition, glued to the word; after ل the article's
# alef is dropped ("للجنة" = ل + اللجنة, "للحزب" = ل + الحزب), so both restorations are tried.
AR_CONJ = ("", "و", "ف")
AR_PREP = ("", "ب", "ل", "ك")
AR_MIN_REST = 2  # letters left after the clitics


@lru_cache(maxsize=200_000)
def fold_token(token: str) -> str:
    return fold(token)


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded form) of every token."""
    return [(m.start(), m.end(), fold_token(m.group())) for m in TOKEN.finditer(text)]


def name_key(name: str) -> tuple[str, ...]:
    return tuple(f for _, _, f in tokens(name) if f)


def is_acronym(name: str) -> bool:
    """ "UN", "U.N.", "MINUSS", "MoD", "TP.HCM": two or more capitals, all-caps or one word."""
    letters = [c for c in name if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    return capitals >= 2 and (capitals == len(letters) or len(name_key(name)) == 1)


def _case_shape(s: str) -> tuple[bool, ...]:
    return tuple(c.isupper() for c in s if c.isalpha())


@lru_cache(maxsize=50_000)
def clitic_variants(token: str) -> tuple[tuple[int, str], ...]:
    """(letters stripped, folded remainder) for the Arabic proclitics a folded token may carry."""
    out: list[tuple[int, str]] = []
    for conj in AR_CONJ:
        for prep in AR_PREP:
            pre = conj + prep
            if not pre or not token.startswith(pre) or len(token) - len(pre) < AR_MIN_REST:
                continue
            rest = token[len(pre) :]
            out.append((len(pre), rest))
            if prep == "ل":
                out += [(len(pre), "ا" + rest), (len(pre), "ال" + rest)]
    return tuple(out)


def _skip_chars(raw: str, letters: int) -> int:
    """Characters of `raw` that hold its first `letters` folded letters (harakat are not letters)."""
    seen = 0
    for i, c in enumerate(raw):
        if seen == letters:
            return i
        seen += bool(fold_token(c))
    return len(raw)


@dataclass(frozen=True)
class Match(Generic[P]):
    start: int
    end: int
    names: tuple[tuple[str, P], ...]  # every (written name, payload) with this folded key
    clitic: str = ""  # Arabic proclitic left out of the span


@dataclass
class Matcher(Generic[P]):
    """Compile once per process (behind an lru_cache), then `find(text)` per document."""

    by_key: dict[tuple[str, ...], list[tuple[str, P]]] = field(default_factory=dict)
    lengths: dict[str, tuple[int, ...]] = field(
        default_factory=dict
    )  # first token → key lengths, longest first
    cjk: dict[str, list[tuple[str, P]]] = field(default_factory=dict)
    cjk_regex: re.Pattern[str] | None = None

    @classmethod
    def build(cls, names: Iterable[tuple[str, P]]) -> Matcher[P]:
        m: Matcher[P] = cls()
        lengths: dict[str, set[int]] = {}
        for name, payload in names:
            name = name.strip()
            if CJK.match(name):
                m.cjk.setdefault(name, []).append((name, payload))
                continue
            key = name_key(name)
            if not key:
                continue
            m.by_key.setdefault(key, []).append((name, payload))
            lengths.setdefault(key[0], set()).add(len(key))
        m.lengths = {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}
        if m.cjk:
            alt = "|".join(re.escape(n) for n in sorted(m.cjk, key=len, reverse=True))
            m.cjk_regex = re.compile(alt)
        return m

    def find(self, text: str) -> list[Match[P]]:
        found = list(self._token_matches(text))
        if self.cjk_regex is not None and CJK.search(text):
            found += [
                Match(x.start(), x.end(), tuple(self.cjk[x.group()])) for x in self.cjk_regex.finditer(text)
            ]
            found = _leftmost_longest(found)
        return found

    def _token_matches(self, text: str) -> Iterator[Match[P]]:
        toks = tokens(text)
        folded = [t[2] for t in toks]
        i, n = 0, len(toks)
        while i < n:
            best = self._longest_at(text, toks, folded, i)
            if best is None:
                i += 1
                continue
            yield best[0]
            i = best[1]

    def _longest_at(
        self, text: str, toks: list[tuple[int, int, str]], folded: list[str], i: int
    ) -> tuple[Match[P], int] | None:
        first = folded[i]
        starts = [(0, first)]
        if ARABIC.match(first):
            starts += list(clitic_variants(first))
        best: tuple[Match[P], int] | None = None
        for skip, head in starts:
            for length in self.lengths.get(head, ()):
                if i + length > len(toks) or (best and toks[i + length - 1][1] <= best[0].end):
                    continue
                key = (head, *folded[i + 1 : i + length])
                hits = self.by_key.get(key)
                if not hits:
                    continue
                start = toks[i][0] + _skip_chars(text[toks[i][0] : toks[i][1]], skip)
                end = toks[i + length - 1][1]
                hits = [h for h in hits if _case_fits(text[start:end], h[0])]
                if hits:
                    best = (Match(start, end, tuple(hits), text[toks[i][0] : start]), i + length)
                    break
        return best


@lru_cache(maxsize=50_000)
def _name_shape(name: str) -> tuple[bool, bool, tuple[bool, ...]]:
    """(is an acronym, is one capitalised word, capitals) of a name, computed once."""
    one_capitalised = len(name_key(name)) == 1 and name[:1].isupper()
    return is_acronym(name), one_capitalised, _case_shape(name)


def _case_fits(written: str, name: str) -> bool:
    """Acronyms keep their capitals; a one-word capitalised name must be capitalised in the text."""
    acronym, one_capitalised, shape = _name_shape(name)
    if acronym:
        return _case_shape(written) == shape
    return written[:1].isupper() if one_capitalised else True


def _leftmost_longest(found: list[Match[P]]) -> list[Match[P]]:
    found.sort(key=lambda m: (m.start, m.start - m.end))
    out: list[Match[P]] = []
    for m in found:
        if not out or m.start >= out[-1].end:
            out.append(m)
    return out
