"""Text normalisation shared by the index, queries and matching: one folding, one place.

`fold()` is what FTS indexing and every query go through, so `luong cuong`, `Lương Cường`
and `LUONG CUONG` meet, and `Dien Bien Phu` meets `Điện Biên Phủ`. Letters with no Unicode
decomposition (đ ł ø ß æ œ ı) are mapped by table, since FTS5's remove_diacritics misses them, and
the Russian ё is е, as most Russian text writes it (store migration 010 re-folded what was stored before).
Arabic is normalised the usual way for search: alef variants → ا, ى → ي, ة → ه, tatweel
and harakat dropped, Persian/Urdu yeh and kaf folded.
"""

from __future__ import annotations

import re
import unicodedata

_LETTERS = str.maketrans({
    "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "ẞ": "SS",
    "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH",
    # Russian writes ё as е more often than not (Горбачёв = Горбачев); Belarusian too
    "ё": "е", "Ё": "Е",
    # Arabic letter variants
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك", "ـ": None,
    "ؤ": "و", "ئ": "ي",
    # typographic
    "’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "«": '"', "»": '"',
})
# Arabic harakat, Quranic marks and free-standing combining marks (decomposed input)
_MARKS = re.compile(r"[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]")


def _latin_table() -> dict[int, str]:
    """Precomposed Latin letters → base letters. Cyrillic й and other scripts are left alone (ё is in _LETTERS)."""
    table: dict[int, str] = {}
    for cp in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        base = "".join(c for c in unicodedata.normalize("NFKD", chr(cp)) if not unicodedata.combining(c))
        if base and base != chr(cp):
            table[cp] = base
    return table


_FOLD = {**_latin_table(), **_LETTERS}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lowercase, strip diacritics (Latin, Vietnamese, Arabic harakat), map undecomposable letters."""
    if text.isascii():  # nothing to strip or map (every key of _FOLD is non-ASCII): 10x faster on English
        return text.lower()
    text = _MARKS.sub("", unicodedata.normalize("NFC", text))
    return text.translate(_FOLD).lower().translate(_FOLD)


def collapse_ws(text: str) -> str:
    return " ".join(text.split())
