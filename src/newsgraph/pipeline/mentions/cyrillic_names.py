"""Pack people written in Russian (Cyrillic) with a spelling or a case the pack does not list.

Russian media write Vietnamese names by the practical transcription (Концевич) or press variants of
it, and decline the last word ("визит Нгуен Фу Чонга", "с Фам Минь Тьинем"); a pack cannot list
them all. `linking/cyrillic.py` maps a Cyrillic name and a Vietnamese Latin name to one coarse key,
so a run of Cyrillic words whose key equals the key of a pack person's Latin name is that person.

Kept strict, as `soundalike.py` is: only names of two to four words whose key has at least
`MIN_SYMBOLS` symbols and `MIN_CONSONANTS` consonant symbols (`linking.cyrillic.trusted`) ("То Лам" has 5 and 3; "Ле Ан", 4, is too
short to trust), exactly one pack person with that key (a key two people share links to neither),
words separated by one space, and never over an existing mention.

A name is the whole run of capitalised Cyrillic words it stands in, counting only words that can be
one transcribed Vietnamese syllable (one vowel group; the last word may carry a case ending): so
"Нгуен Ван Тхань Лонг" is not "Ван Тхань Лонг", while a word such as "Президент" or "Вьетнама"
before the name ends the run ("Президент Вьетнама Лыонг Кыонг"). An all-capitals word among
title-case ones ("МИД") ends it too. The key of the written last word is tried first; only when it
finds no one, the keys with its case ending removed.

Only people with a Vietnamese name (one that `vi_to_cyrillic` reads: diacritics, valid syllables)
are indexed, by each of their Latin names of two words or more: the transcription is Vietnamese.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from ...linking.cyrillic import (
    cyrillic_key,
    stems,
    syllables,
    trusted,
    vi_key,
    vi_to_cyrillic,
    word_key,
)
from ...model.document import Document
from ...packs import Pack

MIN_WORDS, MAX_WORDS = 2, 4
CONFIDENCE = 0.7
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# two or more capitalised Cyrillic words one space apart (possessive: a run is never cut short)
RUN = re.compile(r"(?<![\w-])[А-ЯЁ][А-ЯЁа-яё]*+(?: [А-ЯЁ][А-ЯЁа-яё]*+)++")
_INDEX: dict[tuple[str, ...], tuple[dict[str, list[tuple[str, str]]], dict[str, str]]] = {}


def person_index(packs: Sequence[Pack]) -> dict[str, list[tuple[str, str]]]:
    """Coarse key → [(person id, Latin name)] over the Latin names of pack people, built once."""
    return _index(packs)[0]


def _index(packs: Sequence[Pack]) -> tuple[dict[str, list[tuple[str, str]]], dict[str, str]]:
    key = tuple(p.name for p in packs)
    if key not in _INDEX:
        index: dict[str, set[tuple[str, str]]] = defaultdict(set)
        pack_of: dict[str, str] = {}
        for pack in packs:
            for person in pack.people.values():
                latin = [n for names in person.names.values() for n in names if _is_latin(n)]
                if not any(vi_to_cyrillic(n) for n in person.names.get("vi", [])):
                    continue
                for name in latin:
                    if len(name.split()) < MIN_WORDS:
                        continue
                    k = vi_key(name)
                    if k is None:
                        continue
                    if trusted(k):
                        index[k].add((person.id, name))
                        pack_of.setdefault(person.id, pack.name)
        # a person's name with diacritics first: it is the one a mention reports
        _INDEX[key] = ({k: sorted(v, key=lambda e: (e[0], e[1].isascii(), e[1])) for k, v in index.items()}, pack_of)
    return _INDEX[key]


def _is_latin(name: str) -> bool:
    return not CYRILLIC.search(name) and all(c.isascii() or "\u00c0" <= c <= "\u024f" or "\u1e00" <= c <= "\u1eff"
                                             for c in name)


def find_cyrillic_names(doc: Document, method: str, packs: Sequence[Pack]) -> None:
    """Add a PER mention linked to the pack person for each Cyrillic run that is their name."""
    if not CYRILLIC.search(doc.text):
        return
    index, pack_of = _index(packs)
    if not index:
        return
    text = doc.text
    taken = [(m.start, m.end) for m in doc.mentions]
    for run in _runs(text):
        hit = _lookup(text, run, index)
        if hit is None:
            continue
        person_id, name = hit
        start, end = run[0][0], run[-1][1]
        if any(start < e and s < end for s, e in taken):
            continue
        attrs = {"kind": "person", "by": "transcription", "pack": pack_of[person_id], "name": name}
        m = doc.add_mention(start, end, "PER", method, CONFIDENCE, attrs)
        m.entity_id = person_id
        taken.append((start, end))


def _runs(text: str) -> list[list[tuple[int, int]]]:
    """Parts of runs of capitalised Cyrillic words, one space apart, that may be a transcribed name."""
    runs: list[list[tuple[int, int]]] = []
    for m in RUN.finditer(text):
        words: list[tuple[int, int, str]] = []
        pos = m.start()
        for word in m.group().split(" "):
            words.append((pos, pos + len(word), word))
            pos += len(word) + 1
        glued = m.end() < len(text) and (text[m.end()].isalnum() or text[m.end()] in "-_")
        runs.extend(_split(words, glued))
    return runs


def _split(run: list[tuple[int, int, str]], glued: bool) -> list[list[tuple[int, int]]]:
    """The parts of one capitalised run made of syllable words; any other word ends a part. A last
    word glued to more letters or a hyphen ("Чонг-ский") is no syllable word."""
    upper = all(_is_upper(w) for _, _, w in run)
    parts: list[list[tuple[int, int]]] = []
    part: list[tuple[int, int]] = []
    closed = spoiled = False  # closed: the part ended with a declined word; one more word spoils it
    for i, (start, end, word) in enumerate(run):
        kind = None if (glued and i == len(run) - 1) or _is_upper(word) != upper else _word_kind(word)
        if kind is not None:
            spoiled = spoiled or closed
            part.append((start, end))
            closed = closed or kind == "declined"
            continue
        if part and not spoiled and MIN_WORDS <= len(part) <= MAX_WORDS:
            parts.append(part)
        part, closed, spoiled = [], False, False
    if part and not spoiled and MIN_WORDS <= len(part) <= MAX_WORDS:
        parts.append(part)
    return parts


def _is_upper(word: str) -> bool:
    return len(word) > 1 and word.isupper()


@lru_cache(maxsize=50_000)
def _word_kind(word: str) -> str | None:
    """"one": one syllable as written; "declined": one once a case ending is off; None: neither."""
    if syllables(word) == 1:
        return "one"
    return "declined" if stems(word) else None


def _lookup(text: str, run: list[tuple[int, int]], index: dict[str, list[tuple[str, str]]]) -> tuple[str, str] | None:
    """(person id, Latin name) when the run's key, else its keys without a case ending, name one person."""
    words = [text[s:e] for s, e in run]
    bare = cyrillic_key(" ".join(words))
    entries = index.get(bare)
    if not entries:
        head = " ".join(word_key(w.lower()) for w in words[:-1])
        entries = [e for stem in stems(words[-1]) for e in index.get(f"{head} {word_key(stem)}", [])]
    people = {pid for pid, _ in entries}
    if len(people) != 1:
        return None
    return entries[0]
