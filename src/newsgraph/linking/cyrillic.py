"""Vietnamese names in Russian (Cyrillic) script: the practical transcription, and coarse keys.

Russian media write Vietnamese names by the Russian practical transcription of Vietnamese (the
Концевич system) or by press variants of it, and decline the last word ("визит Нгуен Фу Чонга",
"с Фам Минь Тьинем"). A pack cannot list every spelling and case, so:

- `vi_to_cyrillic(name)`: a Vietnamese name in Latin script *with* diacritics → its standard
  transcription ("Phan Văn Giang" → "Фан Ван Зянг"), or None when a word is not a Vietnamese
  syllable, or when the name has no diacritics at all ("Nguyen Phu Trong": d or đ? u or ư? such a
  name is read only through `vi_key`).
- `cyrillic_key(name)` / `vi_key(name)`: coarse keys on which the press variants of one name meet
  ("Фан Ван Зянг" = "Фан Ван Жанг" = "Phan Văn Giang" = "Phan Van Giang").
- `declined_keys(name)`: the keys of a Cyrillic name with the last word's Russian case ending off
  ("Нгуен Фу Чонга" → also "Нгуен Фу Чонг"), for callers to try when the bare form finds nothing.

Transcription (Концевич, as in the tables below; a syllable is initial + vowel group + final):

- initials: b б, c/k/q к, ch ть, d з, đ д, g/gh г, gi з, h х, kh кх, l л, m м, n н, ng/ngh нг,
  nh нь, p п, ph ф, qu к + у, r з, s ш, t т, th тх, tr ч, v в, x с;
- vowels: a ă â → а, e ê → е (э opening a word), i y → и, o ô ơ → о, u → у, ư → ы; groups as
  written (ai ай, ao ао, âu ау, ây эй, oa оа, uâ уа, uê уэ, uy уи, uô уо, ươ ыо, ưa ыа …); iê/yê
  → ие after т, тх, х and opening a word, ье after other consonants (Điện Дьен, Biên Бьен), е after
  ть/нь (Chiến Тьен); uyê → уе (Nguyễn Нгуен);
- after the "soft" initials ch, nh, gi: а у о → я ю ё and the initial's ь goes (Châu Тяу, Nhân Нян,
  Giang Зянг), before и е ы it stays (Chính Тьинь, Chiến Тьен);
- finals: c к, ch ть, m м, n н, ng нг, nh нь, p п, t т (Thạch Тхать, Minh Минь).

Coarse key: each Cyrillic word → a string of symbols, words joined by a space. The collapses, and why:

- д з ж дж р → D: d and đ are one letter without diacritics (Đỗ/Do, Dũng/Dung); d, gi and r are all з
  in Концевич and ж or д in the press ("Фан Ван Жанг", "Нгуен Тан Дунг"); р is Latin r read as written;
- с ш щ ч ц ть тр, and т before я ю ё → S: x с, s ш, tr ч and ch ть in Концевич, while the press writes
  Latin s as с ("Санг"), tr as ч or тр ("Труонг"), ch as ч ("Чинь"), and a French-era ch as ш ("Хо Ши
  Мин" = Hồ Chí Minh);
- тх → T and кх → q (th, kh), нг → N (ng/ngh): one sound each; kept apart from т, к, н;
- ь ъ dropped: нь/н, ть/ч and "Тьен"/"Тен" differ only by it, and the press drops it ("Хо Ши Мин" for
  Minh "Минь");
- я → а, ю → у, ё → о, й → и, and и before another vowel dropped: the glide that Концевич writes after
  soft consonants ("Зянг", "Тьен", "Бьен") and the press writes as и ("Зианг", "Тиен") or not at all;
  ё as о rather than е because the naive reading of Latin o is о ("Чо" for chợ, Концевич "Тё");
- э е → e; ei → ai: ây (эй) and ay (ай) are one spelling without diacritics;
- ы у → u: ư and u are one letter without diacritics (Lương/Luong, Лыонг/Луонг), so they cannot stay
  apart on the Latin side; а ă â, o ô ơ are one letter in Концевич already;
- doubled symbols → one ("Аннан", and ыу/уу from ưu).

Case endings (`declined_keys`): a masculine name ending in a consonant declines its last word: -а -я
(genitive), -у -ю (dative), -ом -ем -ём (instrumental), -е (prepositional), and -ой -ою -ым. The ending
comes off a word of one or two syllables (Хаем, Чонга) whose stem has one; a stem ending in a vowel had й (Хая → Хай), and
stems in ь lose nothing in the key. Only the last word: Russian declines the last part of a Vietnamese
name only.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# ---------------------------------------------------------------- transcription tables

# Latin initial → (Cyrillic, soft). Longest first when parsing. "qu" adds a medial у to the rhyme.
INITIALS: dict[str, tuple[str, bool]] = {
    "ngh": ("нг", False), "ng": ("нг", False), "gh": ("г", False), "gi": ("з", True),
    "kh": ("кх", False), "nh": ("нь", True), "ph": ("ф", False), "th": ("тх", False),
    "tr": ("ч", False), "ch": ("ть", True), "qu": ("к", False),
    "b": ("б", False), "c": ("к", False), "d": ("з", False), "đ": ("д", False), "g": ("г", False),
    "h": ("х", False), "k": ("к", False), "l": ("л", False), "m": ("м", False), "n": ("н", False),
    "p": ("п", False), "r": ("з", False), "s": ("ш", False), "t": ("т", False), "v": ("в", False),
    "x": ("с", False),
}
_INITIALS_BY_LENGTH = sorted(INITIALS, key=len, reverse=True)

# Final consonant → Cyrillic.
FINALS: dict[str, str] = {
    "": "", "c": "к", "ch": "ть", "m": "м", "n": "н", "ng": "нг", "nh": "нь", "p": "п", "t": "т",
}
_FINALS_BY_LENGTH = sorted(FINALS, key=len, reverse=True)

# Vowel group (tone marks off) → (Cyrillic, which finals it takes): "open" none (it ends in a glide,
# or is ia/ua/ưa), "closed" one (ă â iê uô ươ …), "any" either. "ИЕ" marks iê: ие/ье/е by context.
OPEN, CLOSED, ANY = "open", "closed", "any"
VOWEL_GROUPS: dict[str, tuple[str, str]] = {
    "a": ("а", ANY), "ă": ("а", CLOSED), "â": ("а", CLOSED), "e": ("е", ANY), "ê": ("е", ANY),
    "i": ("и", ANY), "y": ("и", OPEN), "o": ("о", ANY), "ô": ("о", ANY), "ơ": ("о", ANY),
    "u": ("у", ANY), "ư": ("ы", ANY),
    "ai": ("ай", OPEN), "ao": ("ао", OPEN), "au": ("ау", OPEN), "ay": ("ай", OPEN),
    "âu": ("ау", OPEN), "ây": ("эй", OPEN), "eo": ("ео", OPEN), "êu": ("еу", OPEN),
    "ia": ("иа", OPEN), "iu": ("иу", OPEN), "iê": ("ИЕ", CLOSED), "iêu": ("ИЕу", OPEN),
    "yê": ("ИЕ", CLOSED), "yêu": ("ИЕу", OPEN),
    "oa": ("оа", ANY), "oă": ("оа", CLOSED), "oai": ("оай", OPEN), "oay": ("оай", OPEN),
    "oe": ("оэ", ANY), "oeo": ("оэо", OPEN), "oo": ("о", CLOSED), "ôô": ("о", CLOSED),
    "oi": ("ой", OPEN), "ôi": ("ой", OPEN), "ơi": ("ой", OPEN),
    "ua": ("уа", ANY), "uâ": ("уа", CLOSED), "uây": ("уэй", OPEN), "uê": ("уэ", ANY),
    "ui": ("уй", OPEN), "uô": ("уо", CLOSED), "uôi": ("уой", OPEN), "uơ": ("уо", OPEN),
    "uy": ("уи", ANY), "uya": ("уиа", OPEN), "uyê": ("уе", CLOSED), "uyu": ("уиу", OPEN),
    "ươ": ("ыо", CLOSED), "ưa": ("ыа", OPEN), "ươi": ("ыой", OPEN), "ươu": ("ыоу", OPEN),
    "ưi": ("ый", OPEN), "ưu": ("ыу", OPEN),
}
# Finals ch/nh follow only these; c/ng never follow these.
CH_NH_AFTER = frozenset({"a", "ê", "i", "y", "oa", "uê", "uy"})
NO_C_NG_AFTER = frozenset({"i", "y", "uy"})
# iê after these initials is ие (ть after т would read as ch), after soft ones е, elsewhere ье.
IE_AFTER = frozenset({"", "t", "th", "h"})
# after a soft initial: vowel → its iotated letter (the initial's ь then goes)
SOFTENED = {"а": "я", "у": "ю", "о": "ё", "э": "е"}

VOWEL_LETTERS = frozenset("aăâeêioôơuưy")
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # grave, acute, tilde, hook above, dot below
_LATIN_WORD = re.compile(r"[^\W\d_]+")


def _ascii_groups() -> dict[str, tuple[str, str]]:
    """The vowel groups as written without diacritics: closures merged; Cyrillic of the first
    (all readings of one bare group give the same coarse key: a test checks it)."""
    groups: dict[str, tuple[str, str]] = {}
    for group, (cyr, closure) in VOWEL_GROUPS.items():
        bare = _strip_quality(group)
        if bare in groups:
            old_cyr, old = groups[bare]
            groups[bare] = (old_cyr, old if old == closure else ANY)
        else:
            groups[bare] = (cyr, closure)
    return groups


def _strip_quality(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).replace("đ", "d")


ASCII_GROUPS = _ascii_groups()
_CH_NH_ASCII = frozenset(_strip_quality(g) for g in CH_NH_AFTER)


@lru_cache(maxsize=20_000)
def _syllable(word: str, coarse: bool) -> str | None:
    """One lower-case Vietnamese syllable (tone marks allowed) → Cyrillic, or None if not one."""
    decomposed = unicodedata.normalize("NFD", word)
    if sum(c in _TONES for c in decomposed) > 1:
        return None
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    groups = ASCII_GROUPS if coarse else VOWEL_GROUPS
    for initial in (*_INITIALS_BY_LENGTH, ""):
        if not base.startswith(initial):
            continue
        rest = base[len(initial):]
        if initial == "gi" and not any(c in VOWEL_LETTERS for c in rest):
            rest = "i" + rest  # gì, gìn: the i of gi is the vowel
        elif initial == "qu":
            if rest[:1] in ("u", "ư"):
                continue
            rest = "u" + rest
        elif initial == "g" and rest[:1] == "i":
            continue  # gi is read as one initial
        out = _rhyme(initial, rest, groups)
        if out is not None:
            return out
    return None


def _rhyme(initial: str, rest: str, groups: dict[str, tuple[str, str]]) -> str | None:
    for final in _FINALS_BY_LENGTH:
        if final and not rest.endswith(final):
            continue
        group = rest[: len(rest) - len(final)]
        if group not in groups:
            continue
        cyr, closure = groups[group]
        if (closure == OPEN and final) or (closure == CLOSED and not final):
            continue
        if final in ("ch", "nh") and group not in (_CH_NH_ASCII if groups is ASCII_GROUPS else CH_NH_AFTER):
            continue
        if final in ("c", "ng") and group in NO_C_NG_AFTER:
            continue
        return _join(initial, cyr, FINALS[final])
    return None


def _join(initial: str, vowels: str, final: str) -> str:
    cons, soft = INITIALS[initial] if initial else ("", False)
    if vowels.startswith("ИЕ"):
        ie = "е" if soft else "ие" if initial in IE_AFTER else "ье"
        vowels = ie + vowels[2:]
    if soft and vowels[0] in SOFTENED:
        return cons.rstrip("ь") + SOFTENED[vowels[0]] + vowels[1:] + final
    if not initial and vowels[0] == "е":
        vowels = "э" + vowels[1:]
    return cons + vowels + final


def _transcribe(name: str, coarse: bool) -> str | None:
    words = _LATIN_WORD.findall(unicodedata.normalize("NFC", name))
    if not words or len(words) != len(name.replace("-", " ").split()):
        return None  # digits, punctuation inside a word
    out = []
    for word in words:
        cyr = _syllable(word.lower(), coarse)
        if cyr is None:
            return None
        if word.isupper() and len(word) > 1:
            cyr = cyr.upper()
        elif word[0].isupper():
            cyr = cyr[0].upper() + cyr[1:]
        out.append(cyr)
    return " ".join(out)


def vi_to_cyrillic(name: str) -> str | None:
    """A Vietnamese name with diacritics → its Russian practical transcription (Концевич); None when
    a word is not a Vietnamese syllable, or when the name has no diacritics (see `vi_key`)."""
    if name.isascii():
        return None
    return _transcribe(name, coarse=False)


# ---------------------------------------------------------------- coarse keys

_KEY_UNITS = re.compile(r"дж|тх|кх|тр|ть|нг|.")
KEY_SYMBOLS: dict[str, str] = {
    "дж": "D", "тх": "T", "кх": "q", "тр": "S", "ть": "S", "т": "t", "нг": "N",
    "а": "a", "я": "a", "э": "e", "е": "e", "ё": "o", "о": "o", "у": "u", "ю": "u", "ы": "u",
    "и": "i", "й": "i",
    "б": "b", "в": "v", "г": "g", "д": "D", "ж": "D", "з": "D", "р": "D", "к": "k", "л": "l",
    "м": "m", "н": "n", "п": "p", "ф": "f", "х": "h", "с": "S", "ш": "S", "щ": "S", "ч": "S",
    "ц": "S", "ь": "", "ъ": "",
}
KEY_VOWELS = frozenset("aeiou")
_GLIDE = re.compile(r"i(?=[aeou])")
_DOUBLED = re.compile(r"(.)\1+")
_CYRILLIC_WORD = re.compile(r"[а-яё]+")


@lru_cache(maxsize=50_000)
def word_key(word: str) -> str:
    """The coarse key of one Cyrillic word (see the module docstring for each collapse)."""
    w = word.lower()
    out = []
    for m in _KEY_UNITS.finditer(w):
        unit = m.group()
        if unit == "т" and m.end() < len(w) and w[m.end()] in "яюё":
            out.append("S")  # тя, тю, тё: ch before a, u, o (Châu Тяу)
        else:
            out.append(KEY_SYMBOLS.get(unit, ""))
    key = "".join(out).replace("ei", "ai")
    key = _GLIDE.sub("", key)
    return _DOUBLED.sub(r"\1", key)


def cyrillic_key(name: str) -> str:
    """The coarse key of a Cyrillic name, its words as written (no case ending removed)."""
    return " ".join(k for w in _CYRILLIC_WORD.findall(name.lower()) if (k := word_key(w)))


def vi_key(name: str) -> str | None:
    """The coarse key of a Vietnamese name in Latin script, with or without diacritics; None when a
    word is not a Vietnamese syllable. Equal to `cyrillic_key` of the name's Russian spellings."""
    cyr = _transcribe(name, coarse=name.isascii())
    return None if cyr is None else cyrillic_key(cyr)


# ---------------------------------------------------------------- case endings

CASE_ENDINGS = ("ом", "ем", "ём", "ым", "ой", "ою", "а", "я", "у", "ю", "е")
_VOWEL_RUN = re.compile(r"[аеёиоуыэюяй]+")
_CYR_VOWELS = frozenset("аеёиоуыэюя")


def syllables(word: str) -> int:
    """Vowel groups in a Cyrillic word (й counts as a vowel): a transcribed syllable has one."""
    return len(_VOWEL_RUN.findall(word.lower()))


@lru_cache(maxsize=20_000)
def stems(word: str) -> tuple[str, ...]:
    """The bare forms a declined last word may come from: "Чонга" → ("чонг",), "Хаем" → ("хай",).
    Only for a word of one or two syllables whose stem has one; () otherwise."""
    w = word.lower()
    if syllables(w) not in (1, 2):
        return ()
    out: list[str] = []
    for ending in CASE_ENDINGS:
        if not w.endswith(ending) or len(w) - len(ending) < 2:
            continue
        stem = w[: -len(ending)]
        if stem[-1] in _CYR_VOWELS:
            stem += "й"  # Хая, Хаем ← Хай
        if syllables(stem) == 1 and stem not in out:
            out.append(stem)
    return tuple(out)


def declined_keys(name: str) -> list[str]:
    """Keys of a Cyrillic name with its last word's case ending removed (each reading), bare key not
    included: "Нгуен Фу Чонгом" → ["Nuen fu SoN"]."""
    words = _CYRILLIC_WORD.findall(name.lower())
    if not words:
        return []
    head = [word_key(w) for w in words[:-1]]
    return [" ".join([*head, word_key(s)]) for s in stems(words[-1])]


def key_size(key: str) -> tuple[int, int]:
    """(symbols, consonant symbols) in a key, spaces not counted."""
    letters = key.replace(" ", "")
    return len(letters), sum(c not in KEY_VOWELS for c in letters)


MIN_SYMBOLS = 5  # letters of the key over the whole name
MIN_CONSONANTS = 2  # "До Мыой" (Đỗ Mười): 6 symbols, 2 consonants


def trusted(key: str) -> bool:
    """A key long enough to stand for one name: `MIN_SYMBOLS` symbols, `MIN_CONSONANTS` consonants
    ("То Лам" has 5 and 3; "Ле Ан", 4 symbols, is too short)."""
    symbols, consonants = key_size(key)
    return symbols >= MIN_SYMBOLS and consonants >= MIN_CONSONANTS
