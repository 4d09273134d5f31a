"""Short forms of names within one document: "Trong" after "Nguyen Phu Trong", "Cường" after "Lương Cường".

A later word (or words) equal, folded, to the end of a full PER name already found earlier in the
same document becomes a PER mention of the same entity. The end of the name is the usual short
form both for Vietnamese names (family, middle, given: the given name is the last word) and for
Western ones (given, family: the surname is the last word). Never:

- across documents (each document is read alone);
- when two different earlier people end in that word (two Nguyễn Văn X and Trần Văn X);
- inside another mention, or lowercase (Vietnamese "trong" means "in");
- sentence-initially when the same word is also written in lowercase in the document;
- one word alone in a script without capitals (Arabic), unless the full name was linked to an
  entity (a pack person), the word has at least `MIN_UNCASED` letters and is no function word of
  the language (data/stopwords): "غوتيريش" after "أنطونيو غوتيريش"; a learned name's last word
  could be a common word.

Antecedents are PER mentions with an `entity_id` (gazetteer) or, unlinked, a name of two words or
more from any other stage (then the short form is unlinked too and points to it). `attrs`:
`antecedent` ([start, end]), `short_form` (number of words).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from ...analyse.terms import stopwords
from ...config import Settings
from ...model.document import Document, Mention
from .matcher import CJK, TOKEN, fold_token

REQUIRES = ("text", "mentions")
ASSIGNS = ("mentions",)
METHOD = "coref.shortname.v1"
MAX_WORDS = 2  # a short form has at most this many words (and fewer than the full name)
MIN_UNCASED = 4  # letters of a one-word short form in a script without capitals
CONFIDENCE_FACTOR = 0.8  # of the antecedent's confidence
SENTENCE_START = re.compile(r"(?:^|[.!?:\n]\s*|[\"“«]\s*)$")


@dataclass(frozen=True)
class Antecedent:
    mention: Mention
    key: str  # the entity id, or the folded full name when unlinked
    words: tuple[str, ...]  # the folded full name


@dataclass(frozen=True)
class Taken:
    """Spans of the mentions already in the document, for an O(log n) overlap test."""

    starts: list[int]
    max_end: list[int]  # max_end[k]: the furthest end among the first k spans (by start)

    @classmethod
    def of(cls, mentions: list[Mention]) -> Taken:
        spans = sorted((m.start, m.end) for m in mentions)
        return cls([s for s, _ in spans], list(itertools.accumulate((e for _, e in spans), max, initial=0)))

    def overlaps(self, start: int, end: int) -> bool:
        return self.max_end[bisect.bisect_left(self.starts, end)] > start


def find_short_forms(docs: list[Document], settings: Settings) -> list[Document]:
    """Add a PER mention per later short form of an earlier full name; re-running replaces them."""
    for doc in docs:
        doc.mentions = [m for m in doc.mentions if m.method != METHOD]
        for start, end, ante in predict(doc):
            m = doc.add_mention(start, end, "PER", METHOD, ante.mention.confidence * CONFIDENCE_FACTOR)
            m.entity_id = ante.mention.entity_id
            m.attrs = {
                "antecedent": [ante.mention.start, ante.mention.end],
                "short_form": _words(doc.text[start:end]),
            }
    return docs


def predict(doc: Document) -> list[tuple[int, int, Antecedent]]:
    text = doc.text
    suffixes = _suffixes(_antecedents(doc))
    if not suffixes:
        return []
    taken = Taken.of(doc.mentions)
    toks = list(TOKEN.finditer(text))
    folded = [fold_token(t.group()) for t in toks]
    firsts = {key[0] for key in suffixes}  # a short form starts with one of these words
    lower = {t.group() for t in toks if t.group().islower()}
    common = stopwords((doc.lang or "").split("-")[0])
    out: list[tuple[int, int, Antecedent]] = []
    i = 0
    while i < len(toks):
        word = toks[i].group()
        found = (_at(text, toks, folded, i, suffixes, taken, lower, common)
                 if folded[i] in firsts and (word[:1].isupper() or _uncased(word)) else None)
        if found is None:
            i += 1
            continue
        out.append(found[1:])
        i += found[0]
    return out


def _antecedents(doc: Document) -> list[Antecedent]:
    out = []
    for m in doc.mentions:
        if m.type != "PER" or m.method == METHOD:
            continue
        written = doc.text[m.start : m.end]
        words = tuple(_folded(written))
        if m.entity_id or (not m.attrs.get("candidates") and len(words) >= 2):
            out.append(Antecedent(m, m.entity_id or " ".join(words), words))
    return sorted(out, key=lambda a: a.mention.start)


def _suffixes(antecedents: list[Antecedent]) -> dict[tuple[str, ...], list[Antecedent]]:
    """Folded last word(s) of each full name → the antecedents ending so, in reading order."""
    out: dict[tuple[str, ...], list[Antecedent]] = {}
    for a in antecedents:
        name = a.words
        for n in range(1, min(len(name), MAX_WORDS + 1)):
            out.setdefault(tuple(name[-n:]), []).append(a)
    return out


def _at(
    text: str,
    toks: list[re.Match[str]],
    folded: list[str],
    i: int,
    suffixes: dict[tuple[str, ...], list[Antecedent]],
    taken: Taken,
    lower: set[str],
    common: frozenset[str],
) -> tuple[int, int, int, Antecedent] | None:
    """(words, start, end, antecedent) of the longest short form at token i, if allowed."""
    start = toks[i].start()
    for n in range(MAX_WORDS, 0, -1):
        cands = suffixes.get(tuple(folded[i : i + n])) if i + n <= len(toks) else None
        earlier = {a.key: a for a in cands or () if a.mention.end <= start}
        end = toks[i + n - 1].end() if cands else 0
        ante = next(iter(earlier.values())) if len(earlier) == 1 else None
        if ante is not None and _allowed(text, toks[i : i + n], start, end, taken, lower) \
                and (n > 1 or not _uncased(toks[i].group()) or _strong_uncased(toks[i].group(), ante, common)):
            return n, start, end, ante
    return None


def _allowed(
    text: str, toks: list[re.Match[str]], start: int, end: int, taken: Taken, lower: set[str]
) -> bool:
    if taken.overlaps(start, end):
        return False
    if end < len(text) and (text[end].isalnum() or text[end] == "-"):
        return False
    sentence_initial = bool(SENTENCE_START.search(text[max(0, start - 3) : start])) or start == 0
    return not (sentence_initial and toks[0].group().lower() in lower)


def _uncased(word: str) -> bool:
    """A word of a script without capitals (Arabic, Hebrew…); digits and CJK are no names here."""
    return word[:1].isalpha() and word.lower() == word.upper() and not CJK.match(word)


def _strong_uncased(word: str, ante: Antecedent, common: frozenset[str]) -> bool:
    """One uncased word may stand for a full name only for a linked entity, long, not a function word."""
    return ante.mention.entity_id is not None and len(word) >= MIN_UNCASED and fold_token(word) not in common


def _folded(written: str) -> list[str]:
    return [fold_token(t.group()) for t in TOKEN.finditer(written) if t.group().isalnum()]


def _words(written: str) -> int:
    return len(_folded(written))
