"""Name keys: what two spellings of one name have in common, across case, diacritics and scripts.

`name_keys(name, type)` → `[(kind, key), ...]`, strongest first:

- `fold`: lower case, diacritics off (`text.normalise.fold`: đ ł ø ß too), punctuation and hyphens
  → space, and a few general English/French spelling variants made one (defence/defense,
  organisation/organization, centre/center, labour/labor), so "Lương Cường" = "LUONG CUONG" and
  "Ministry of Defence" = "Ministry of Defense". The key keeps the name's script.
- `translit`: the fold key in Latin letters (anyascii; Han read through the Sino-Vietnamese table
  `data/translit/han_viet.tsv` when it is there, else pinyin), spaces removed, y as i, doubled
  letters single, so "Путин" = "Putin", "Сергей Шойгу" = "Sergei Shoigu" and 梁强 = "Lương Cường"
  (with the table).
- `viru` (people only): a Vietnamese name and its Russian transcription meet ("Nguyễn Văn An" =
  "Нгуен Ван Ан" = "Nguyen Van An"; `linking/cyrillic.py`: Russian practical transcription, press
  variants collapsed), for names of two words or more with a key long enough to trust.
- `phonetic`: per word, consonant classes of Latin or Arabic letters with the vowels left out, since
  Arabic does not write short vowels: فام فان هاو = Phạm Văn Hào = "fm fn h" (the first letter of a
  word keeps a vowel/w/y marker). Many names share a consonant skeleton, so a phonetic key only
  proposes a candidate; `vowels_agree` then checks the vowels Arabic does write (ا و ي) against
  the Latin ones, and the linker uses phonetic keys only between different scripts.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from anyascii import anyascii

from ..text.normalise import fold
from ..text.scripts import script_of as _script_of

script_of = lru_cache(maxsize=100_000)(_script_of)  # names repeat: the same question many times
HAN_VIET = Path(__file__).resolve().parents[1] / "data" / "translit" / "han_viet.tsv"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
ARABIC = re.compile(r"[\u0600-\u06ff]")
NON_WORD = re.compile(r"[\W_]+")
MIN_PHONETIC_CLASSES = 3  # a shorter skeleton ("b t") matches too many names to mean anything

# Spelling variants of one word (British/American, French/English endings): (pattern, replacement).
_VARIANTS = [
    (re.compile(r"(?<=\w{3})ence\b"), "ense"),          # defence → defense, licence → license
    (re.compile(r"(?<=\w{3})is(e|ed|es|ing|ation|ations)\b"), r"iz\1"),  # organisation → organization
    (re.compile(r"(?<=\w{3})tre\b"), "ter"),            # centre → center
    (re.compile(r"(?<=\w{3})our\b"), "or"),             # labour → labor
]


@lru_cache(maxsize=200_000)
def fold_key(name: str) -> str:
    """Case, diacritics, punctuation and spelling variants folded; the script is kept."""
    text = NON_WORD.sub(" ", fold(unicodedata.normalize("NFKC", name))).strip()
    for pattern, repl in _VARIANTS:
        text = pattern.sub(repl, text)
    return " ".join(text.split())


@lru_cache(maxsize=1)
def han_viet_table() -> dict[str, str]:
    """Han character → Sino-Vietnamese syllable (folded), from the data file when present."""
    if not HAN_VIET.is_file():
        return {}
    table: dict[str, str] = {}
    for line in HAN_VIET.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0] and not line.startswith("#"):
            table.setdefault(parts[0].strip(), fold_key(parts[1]))
    return table


def _han_words(text: str) -> str:
    """Each Han character as its own word: Sino-Vietnamese reading if known, else pinyin."""
    table = han_viet_table()
    return HAN.sub(lambda m: f" {table.get(m.group()) or anyascii(m.group())} ", text)


@lru_cache(maxsize=100_000)
def latin_form(name: str) -> str:
    """The name in folded Latin words (anyascii; Han through the Sino-Vietnamese table)."""
    text = fold_key(_han_words(fold_key(name)))
    return fold_key(anyascii(text))


DOUBLED = re.compile(r"(.)\1+")


def translit_key(name: str) -> str:
    """Latin letters without spaces; y read as i and doubled letters as one, since romanisations
    differ there (Сергей Шойгу = Sergey Shoygu = Sergei Shoigu, Zelenskyy = Zelensky)."""
    return DOUBLED.sub(r"\1", latin_form(name).replace(" ", "").replace("y", "i"))


# ---------------------------------------------------------------- phonetic

# Latin: longest letter groups first. A class letter stands for a group of sounds Arabic writes alike.
_LATIN_GROUPS = [
    ("tch", "s"), ("sch", "s"), ("ch", "s"), ("sh", "s"), ("ph", "f"), ("th", "t"), ("kh", "k"),
    ("gh", "k"), ("qu", "k"), ("ck", "k"), ("dh", "t"),
]
_LATIN = {
    **dict.fromkeys("bp", "b"), **dict.fromkeys("fv", "f"), **dict.fromkeys("kcqgj", "k"),
    **dict.fromkeys("td", "t"), **dict.fromkeys("sxz", "s"), "l": "l", "r": "r", "m": "m", "n": "n", "h": "h",
}
_LATIN_VOWELS = {**dict.fromkeys("a", "a"), **dict.fromkeys("ouw", "u"), **dict.fromkeys("iye", "i")}
# Arabic (after fold: alef variants → ا, ى → ي, ة → ه)
_ARABIC = {
    "ب": "b", "پ": "b", "ف": "f", "ڤ": "f", "ك": "k", "ق": "k", "غ": "k", "ج": "k", "گ": "k", "خ": "k",
    "ت": "t", "د": "t", "ط": "t", "ض": "t", "ث": "t", "س": "s", "ص": "s", "ز": "s", "ش": "s", "ذ": "s",
    "ظ": "s", "ل": "l", "ر": "r", "م": "m", "ن": "n", "ه": "h", "ح": "h",
}
_ARABIC_VOWELS = {"ا": "a", "و": "u", "ي": "i"}
_ARTICLES = {"al", "el", "ul"}


_GROUP = dict(_LATIN_GROUPS)
_LATIN_UNITS = re.compile("|".join(g for g, _ in _LATIN_GROUPS) + "|.")


def _latin_token(tok: str) -> tuple[str, str]:
    """(consonant classes, vowel classes) of one folded Latin word."""
    cons: list[str] = []
    vowels: list[str] = []
    for i, unit in enumerate(_LATIN_UNITS.findall(tok)):
        if unit in _GROUP:
            cons.append(_GROUP[unit])
            if unit == "qu":
                vowels.append("u")  # the u of qu is heard: Quốc = كووك
        elif i == 0 and unit in "aeiou":
            cons.append("a")  # a word starting with a vowel keeps that fact
        elif i == 0 and unit in "wy":
            cons.append(unit)
        elif unit in _LATIN_VOWELS:
            vowels.append(_LATIN_VOWELS[unit])
        elif unit in _LATIN:
            cons.append(_LATIN[unit])
    return _finish(cons), "".join(vowels)


def _arabic_token(tok: str) -> tuple[str, str]:
    """(consonant classes, vowel classes) of one folded Arabic word; ا و ي are vowels after its first letter."""
    if tok.startswith("ال") and len(tok) > 3:
        tok = tok[2:]  # the article
    tok = tok.replace("تش", "ش")  # how Arabic writes "ch"
    cons: list[str] = []
    vowels: list[str] = []
    for i, c in enumerate(tok):
        if i == 0 and c in ("ا", "ع"):
            cons.append("a")
        elif i == 0 and c in ("و", "ي"):
            cons.append("w" if c == "و" else "y")
        elif i == 1 and tok[0] == "ا" and c in ("و", "ي"):
            continue  # أو / إي spell the first vowel
        elif c in _ARABIC_VOWELS:
            if c == "ي" and vowels[-1:] == ["a"] and tok[i - 1] == "ا":
                vowels[-1] = "i"  # اي: the diphthong heard as "i" (Biden بايدن)
            else:
                vowels.append(_ARABIC_VOWELS[c])
        elif c in _ARABIC:
            cons.append(_ARABIC[c])
    return _finish(cons), "".join(vowels)


def _finish(cons: list[str]) -> str:
    """A final h is silent in both scripts (Fattah = فتاح, ة), except in "nh" (Minh = مينه, Anh ≠ An);
    doubled classes are one."""
    if len(cons) > 1 and cons[-1] == "h" and cons[-2] != "n":
        cons = cons[:-1]
    out: list[str] = []
    for c in cons:
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


@lru_cache(maxsize=100_000)
def _phonetic_tokens(name: str) -> tuple[tuple[str, str], ...]:
    if ARABIC.search(name):
        words = fold_key(name).split()
        return tuple(_arabic_token(w) for w in words if ARABIC.search(w))
    words = latin_form(name).split()
    if len(words) > 1:
        words = [w for w in words if w not in _ARTICLES] or words
    return tuple(_latin_token(w) for w in words)


def phonetic_key(name: str) -> str | None:
    """Consonant classes per word, or None when the skeleton is too short to tell names apart."""
    parts = [c for c, _ in _phonetic_tokens(name)]
    if not parts or consonant_classes(" ".join(parts)) < MIN_PHONETIC_CLASSES:
        return None
    return " ".join(parts)


def consonant_classes(skeleton: str) -> int:
    """How many consonant classes a skeleton holds, not counting the a/w/y that open words."""
    return sum(len(part.strip("awy")) for part in skeleton.split())


@lru_cache(maxsize=100_000)
def arabic_word_key(word: str) -> tuple[str, str]:
    """(consonant classes, written vowels) of one Arabic word, as `phonetic_key` reads it."""
    return _arabic_token(fold_key(word))


def latin_name_skeleton(name: str) -> str:
    """Consonant classes per word of a name in any non-Arabic script, without the length floor."""
    return " ".join(c for c, _ in _phonetic_tokens(name))


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def vowels_agree(a: str, b: str) -> bool:
    """Do the vowels written in both names fit? Word by word, the vowels of the name that writes
    fewer (Arabic: only long ones) must appear in order in the other's: هاو (a u) fits Hào but not Hiếu."""
    ta, tb = _phonetic_tokens(a), _phonetic_tokens(b)
    if len(ta) != len(tb):
        return False
    for (_, va), (_, vb) in zip(ta, tb, strict=True):
        short, long = (va, vb) if len(va) <= len(vb) else (vb, va)
        if not _subsequence(short, long):
            return False
    return True


# ---------------------------------------------------------------- public


@lru_cache(maxsize=100_000)
def words(name: str) -> tuple[str, ...]:
    """The words of a name as the linker counts them (folded): Han characters count one each."""
    return tuple(fold_key(HAN.sub(lambda m: f" {m.group()} ", name)).split())


@lru_cache(maxsize=200_000)
def name_keys(name: str, type: str) -> tuple[tuple[str, str], ...]:
    """Match keys of a name, strongest first: ("fold", k), ("translit", k), ("viru", k) for people,
    ("phonetic", k).

    `type` (PER ORG LOC MISC) selects the keys that mean something for it: names of people,
    places and organisations all get the three, MISC (nationalities, events) no phonetic key.
    Empty when the name has no letters.
    """
    folded = fold_key(name)
    if not folded:
        return ()
    keys = [("fold", folded)]
    trans = translit_key(name)
    if trans:
        keys.append(("translit", trans))
    if type == "PER":
        viru = vietnamese_russian_key(name)
        if viru:
            keys.append(("viru", viru))
    if type != "MISC" and script_of(name) in ("Latn", "Arab", "Cyrl", "Grek"):
        phon = phonetic_key(name)
        if phon:
            keys.append(("phonetic", phon))
    return tuple(keys)


def vietnamese_russian_key(name: str) -> str | None:
    """A person's name of two or more words as a Vietnamese name and its Russian transcription both
    give it (linking/cyrillic.py): "Nguyễn Văn An" and "Нгуен Ван Ан" meet; None for a Latin name that
    is not Vietnamese syllables, another script, or a key too short to trust (the floor pack people
    are held to in cyrillic_names.py)."""
    from .cyrillic import cyrillic_key, trusted, vi_key

    if len(name.split()) < 2:
        return None
    script = script_of(name)
    key = vi_key(name) if script == "Latn" else cyrillic_key(name) if script == "Cyrl" else None
    return key if key and trusted(key) else None
