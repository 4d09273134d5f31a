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
# alef is dropped ("للحزب" = ل + الحزب, "للأمم" = ل + الأمم) and before a word that starts with ل the
# article is dropped whole ("للجنة" = ل + اللجنة), so both restorations are tried.
AR_CONJ = ("", "و", "ف")
AR_PREP = ("", "ب", "ل", "ك")
AR_MIN_REST = 2  # letters left after the clitics


@lru_cache(maxsize=200_000)
def fold_token(token: str) -> str:
    return fold(token)


_LONG = 200  # characters: texts this long are documents, whose tokens are kept
_KEEP = 128  # documents (two batches) whose tokens are kept
_kept: dict[int, tuple[str, tuple[tuple[int, int, str], ...]]] = {}


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded form) of every token.

    The tokens of the last documents' texts are kept (by identity: the same string object): the
    gazetteer, its qualification of foreign institutions and the titles stage each tokenise the
    same text of every document of a batch."""
    if len(text) > _LONG:
        got = _kept.get(id(text))
        if got is not None and got[0] is text:
            return list(got[1])
    toks = [(m.start(), m.end(), fold_token(m.group())) for m in TOKEN.finditer(text)]
    if len(text) > _LONG:
        if len(_kept) >= _KEEP:
            del _kept[next(iter(_kept))]  # the oldest
        _kept[id(text)] = (text, tuple(toks))
    return toks


@lru_cache(maxsize=100_000)
def name_key(name: str) -> tuple[str, ...]:
    """The folded tokens of a name (cached: the gazetteer asks again for every match's name)."""
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
    """(letters to leave out of the span, folded form to look up) for the proclitics a token may carry.

    After ل + article ("للأمم" = ل + الأمم) the second ل is what is left of the article: it is
    left out with the preposition (clitic "لل"), so the span starts at the noun ("أمم المتحدة"),
    not at a stray ل that reads as another word ("لأمم").
    """
    out: list[tuple[int, str]] = []
    for conj in AR_CONJ:
        for prep in AR_PREP:
            pre = conj + prep
            if not pre or not token.startswith(pre) or len(token) - len(pre) < AR_MIN_REST:
                continue
            rest = token[len(pre) :]
            out.append((len(pre), rest))
            if prep == "ل":
                if rest.startswith("ل"):
                    out.append((len(pre) + 1, "ا" + rest))
                out.append((len(pre), "ال" + rest))
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
    """Compile once per process (behind an lru_cache), then `find(text)` per document.

    Token names are looked up by walking the text's tokens while they are a prefix of some name
    (`prefixes`), so the cost per position is the length of the longest name that starts there,
    not the number of name lengths (pattern institutions filled for 63 provinces add many).
    CJK names are one regular expression shaped like a trie of their characters (`trie_regex`),
    which the regex engine scans much faster than an alternation of hundreds of names.
    """

    by_key: dict[tuple[str, ...], list[tuple[str, P]]] = field(default_factory=dict)
    prefixes: set[tuple[str, ...]] = field(default_factory=set)  # every proper prefix of a key
    heads: set[str] = field(default_factory=set)  # first tokens of the keys: most tokens are none
    cjk: dict[str, list[tuple[str, P]]] = field(default_factory=dict)
    cjk_regex: re.Pattern[str] | None = None

    @classmethod
    def build(cls, names: Iterable[tuple[str, P]]) -> Matcher[P]:
        m: Matcher[P] = cls()
        for name, payload in names:
            name = name.strip()
            if CJK.match(name):
                m.cjk.setdefault(name, []).append((name, payload))
                continue
            key = name_key(name)
            if not key:
                continue
            m.by_key.setdefault(key, []).append((name, payload))
            m.prefixes.update(key[:k] for k in range(1, len(key)))
            m.heads.add(key[0])
        if m.cjk:
            m.cjk_regex = re.compile(trie_regex(m.cjk))
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
        heads = self.heads
        while i < n:
            if folded[i] not in heads and not ARABIC.match(folded[i]):  # most words start no name
                i += 1
                continue
            best = self._longest_at(text, toks, folded, i)
            if best is None:
                i += 1
                continue
            yield best[0]
            i = best[1]

    def _lengths(self, head: str, folded: list[str], i: int) -> list[int]:
        """Lengths (in tokens) of the names that start at token i with this (clitic-free) head."""
        key: tuple[str, ...] = (head,)
        out = [1] if key in self.by_key else []
        j = i + 1
        while key in self.prefixes and j < len(folded):
            key = (*key, folded[j])
            j += 1
            if key in self.by_key:
                out.append(j - i)
        return out

    def _longest_at(
        self, text: str, toks: list[tuple[int, int, str]], folded: list[str], i: int
    ) -> tuple[Match[P], int] | None:
        first = folded[i]
        starts = [(0, first)]
        if ARABIC.match(first):
            starts += list(clitic_variants(first))
        best: tuple[Match[P], int] | None = None
        for skip, head in starts:
            if head not in self.heads:
                continue
            for length in reversed(self._lengths(head, folded, i)):
                if best and toks[i + length - 1][1] <= best[0].end:
                    continue
                hits = self.by_key[(head, *folded[i + 1 : i + length])]
                start = toks[i][0] + _skip_chars(text[toks[i][0] : toks[i][1]], skip)
                end = toks[i + length - 1][1]
                hits = [h for h in hits if _case_fits(text[start:end], h[0])]
                if hits:
                    best = (Match(start, end, tuple(hits), text[toks[i][0] : start]), i + length)
                    break
        return best


def trie_regex(names: Iterable[str]) -> str:
    """A regex matching any of `names`, longest first, factored by common prefixes ("北京|北京市" →
    "北京(?:市)?"), so matching at a position costs the name's length, not the number of names."""
    trie: dict = {}
    for name in names:
        node = trie
        for c in name:
            node = node.setdefault(c, {})
        node[""] = True
    return _node_regex(trie)


def _node_regex(node: dict) -> str:
    branches = [re.escape(c) + _node_regex(child) for c, child in sorted(node.items()) if c]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a name ends here: longer names first (greedy), this one if they fail
        return body + "?" if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{body})?"
    return body


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
