"""Short forms of names within one document: "Trong" after "Nguyen Phu Trong", "Cường" after "Lương Cường".

A later word (or words) equal, folded, to the end of a full PER name already found earlier in the
same document becomes a PER mention of the same entity. The end of the name is the usual short
form both for Vietnamese names (family, middle, given: the given name is the last word) and for
Western ones (given, family: the surname is the last word). Never:

- across documents (each document is read alone);
- when two different earlier people end in that word (two Nguyễn Văn X and Trần Văn X);
- inside another mention, or lowercase (Vietnamese "trong" means "in");
- sentence-initially when the same word is also written in lowercase in the document;
- one word alone in a script without capitals (Arabic): too many such words are common words.

Antecedents are PER mentions with an `entity_id` (gazetteer) or, unlinked, a name of two words or
more from any other stage (then the short form is unlinked too and points to it). `attrs`:
`antecedent` ([start, end]), `short_form` (number of words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...config import Settings
from ...model.document import Document, Mention
from .matcher import TOKEN, fold_token

REQUIRES = ("text", "mentions")
ASSIGNS = ("mentions",)
METHOD = "coref.shortname.v1"
CONFIDENCE_FACTOR = 0.8  # of the antecedent's confidence
SENTENCE_START = re.compile(r"(?:^|[.!?:\n]\s*|[\"“«]\s*)$")


@dataclass(frozen=True)
class Antecedent:
    mention: Mention
    key: str  # the entity id, or the folded full name when unlinked


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
    taken = sorted((m.start, m.end) for m in doc.mentions)
    lower_words = {m.group() for m in TOKEN.finditer(text) if m.group().islower()}
    antecedents = _antecedents(doc)
    toks = list(TOKEN.finditer(text))
    out: list[tuple[int, int, Antecedent]] = []
    i = 0
    while i < len(toks):
        found = _at(text, toks, i, antecedents, taken, lower_words)
        if found is None:
            i += 1
            continue
        out.append(found)
        i += _words(text[found[0] : found[1]])
    return out


def _antecedents(doc: Document) -> list[Antecedent]:
    out = []
    for m in doc.mentions:
        if m.type != "PER" or m.method == METHOD:
            continue
        written = doc.text[m.start : m.end]
        if m.entity_id or (not m.attrs.get("candidates") and _words(written) >= 2):
            out.append(Antecedent(m, m.entity_id or " ".join(_folded(written))))
    return sorted(out, key=lambda a: a.mention.start)


def _at(
    text: str, toks: list[re.Match[str]], i: int, antecedents: list[Antecedent], taken: list, lower: set[str]
) -> tuple[int, int, Antecedent] | None:
    """The longest short form starting at token i, with its one antecedent, if allowed."""
    start = toks[i].start()
    if any(s <= start < e for s, e in taken) or not toks[i].group()[:1].isupper():
        return None
    earlier = [a for a in antecedents if a.mention.end <= start]
    for n in (3, 2, 1):
        if i + n > len(toks):
            continue
        words = tuple(fold_token(t.group()) for t in toks[i : i + n])
        end = toks[i + n - 1].end()
        matches = {a.key: a for a in earlier if _is_short_form(words, text[a.mention.start : a.mention.end])}
        if len(matches) != 1 or not _allowed(text, toks[i : i + n], start, end, taken, lower):
            continue
        return start, end, list(matches.values())[-1]
    return None


def _is_short_form(words: tuple[str, ...], full: str) -> bool:
    name = _folded(full)
    return len(words) < len(name) and tuple(name[-len(words) :]) == words


def _allowed(
    text: str, toks: list[re.Match[str]], start: int, end: int, taken: list, lower: set[str]
) -> bool:
    if any(start < e and s < end for s, e in taken):
        return False
    if len(toks) == 1 and toks[0].group().lower() == toks[0].group().upper():
        return False  # no capitals in this script: one word is too weak
    if end < len(text) and (text[end].isalnum() or text[end] in "-'’"):
        return False
    sentence_initial = bool(SENTENCE_START.search(text[max(0, start - 3) : start])) or start == 0
    return not (sentence_initial and toks[0].group().lower() in lower)


def _folded(written: str) -> list[str]:
    return [fold_token(t.group()) for t in TOKEN.finditer(written) if t.group().isalnum()]


def _words(written: str) -> int:
    return len(_folded(written))
