"""Russian case forms of foreign place names, so "в Ханое", "из Хайфона" find Ханой and Хайфон.

Russian declines transliterated place names like native nouns of the same ending, and news uses
every case. A pack lists the nominative; `case_forms` gives the other singular forms of the last
word (the one that declines in "Хошимин", "Дананг", "Ханой", "Камрань"-type names). Names ending in
-о, -е, -и, -у, -ю, -э (Того, Сочи) do not decline in Russian; -ь is left out (its gender, hence
its endings, cannot be told from the spelling).
"""

from __future__ import annotations

# nominative ending → (stem cut, endings of genitive, dative, instrumental, prepositional)
_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ий", ("ия", "ию", "ием", "ии")),
    ("й", ("я", "ю", "ем", "е")),
    ("а", ("ы", "е", "у", "ой")),  # accusative -у is listed with them: any oblique form will do
    ("я", ("и", "е", "ю", "ей")),
)
_VELAR_OR_HUSHING = set("гкхжшчщ")  # after these, -ы is written -и
_CONSONANT_ENDINGS = ("а", "у", "ом", "е")
_INDECLINABLE = set("оеиуюэыь")
_VOWELS = set("аеёиоуыэюя")


def case_forms(name: str) -> list[str]:
    """The oblique singular forms of a one-word Russian name, [] when it does not decline, has
    several words or is not Cyrillic."""
    if len(name) < 3 or not all("\u0400" <= c <= "\u04ff" or c == "-" for c in name):
        return []
    lower = name.lower()
    if lower[-1] in _INDECLINABLE or (lower[-1] == "а" and lower[-2] in _VOWELS):
        return []
    for ending, endings in _ENDINGS:
        if lower.endswith(ending):
            stem = name[: -len(ending)]
            return [stem + ("и" if e == "ы" and stem[-1:].lower() in _VELAR_OR_HUSHING else e) for e in endings]
    return [name + e for e in _CONSONANT_ENDINGS]
