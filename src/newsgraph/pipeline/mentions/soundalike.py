"""Pack people written in Arabic script with a spelling the pack does not list.

Arabic writes foreign names by ear and leaves short vowels out, so one name has many spellings
(فام فان هاو, فام فان هآو …) and a pack cannot list them all. The linker's phonetic key
(`linking/keys.py`: consonant classes per word, vowels dropped) maps both scripts to the same
skeleton, so a run of Arabic words whose skeleton equals the skeleton of a pack person's Latin
name, and whose written long vowels fit that name's vowels, is that person.

Kept strict, since a consonant skeleton of common words can collide with a name: only names of
two words or more, at least `MIN_CLASSES` consonant classes in all, exactly one pack person with
that skeleton, words separated by spaces only, and never over an existing mention.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from itertools import pairwise

from ...linking.keys import arabic_word_key, consonant_classes, latin_name_skeleton, vowels_agree
from ...model.document import Document
from ...packs import Pack

MIN_CLASSES = 5  # consonant classes over the whole name: "l mn" (Lê Minh) is too short to trust
MAX_WORDS = 4
CONFIDENCE = 0.7
ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")
_INDEX: dict[tuple[str, ...], dict[str, list[tuple[str, str]]]] = {}
_FIRSTS: dict[tuple[str, ...], frozenset[str]] = {}  # the same packs → the skeletons of their names' first words


def person_index(packs: Sequence[Pack]) -> dict[str, list[tuple[str, str]]]:
    """Skeleton → [(person id, Latin name)] over the Latin-script names of pack people, built once."""
    key = tuple(p.name for p in packs)
    if key not in _INDEX:
        index: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for pack in packs:
            for person in pack.people.values():
                for lang, names in person.names.items():
                    for name in names:
                        if lang in ("ar", "zh", "ru") or len(name.split()) < 2:
                            continue
                        skeleton = latin_name_skeleton(name)
                        if skeleton and consonant_classes(skeleton) >= MIN_CLASSES:
                            index[skeleton].add((person.id, name))
        _INDEX[key] = {k: sorted(v) for k, v in index.items()}
        _FIRSTS[key] = frozenset(skeleton.split(" ")[0] for skeleton in index)
    return _INDEX[key]


def find_sound_alikes(doc: Document, method: str, packs: Sequence[Pack]) -> None:
    """Add a PER mention linked to the pack person for each Arabic run that sounds like their name."""
    index = person_index(packs)
    if not index or not ARABIC_WORD.search(doc.text):
        return
    words = [(m.start(), m.end(), arabic_word_key(m.group())) for m in ARABIC_WORD.finditer(doc.text)]
    taken = [(m.start, m.end) for m in doc.mentions]
    firsts = _FIRSTS[tuple(p.name for p in packs)]  # a name can start only at one of these words
    i = 0
    while i < len(words):
        hit = _longest_at(doc.text, words, i, index) if words[i][2][0] in firsts else None
        if hit is None:
            i += 1
            continue
        n, person_id = hit
        start, end = words[i][0], words[i + n - 1][1]
        if not any(start < e and s < end for s, e in taken):
            m = doc.add_mention(start, end, "PER", method, CONFIDENCE, {"kind": "person", "by": "phonetic"})
            m.entity_id = person_id
            taken.append((start, end))
        i += n


def _longest_at(text: str, words: list[tuple[int, int, tuple[str, str]]], i: int,
                index: dict[str, list[tuple[str, str]]]) -> tuple[int, str] | None:
    for n in range(min(MAX_WORDS, len(words) - i), 1, -1):
        run = words[i:i + n]
        if any(text[a[1]:b[0]] != " " for a, b in pairwise(run)):
            continue  # only words separated by one space form a name
        skeleton = " ".join(w[2][0] for w in run)
        people = {pid for pid, name in index.get(skeleton, []) if vowels_agree(text[run[0][0]:run[-1][1]], name)}
        if len(people) == 1:
            return n, people.pop()
    return None
