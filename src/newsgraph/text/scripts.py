"""Script facts the rest of the code needs: which characters need their own word boundaries."""

from __future__ import annotations

import re

# Han, kana, Hangul syllables, Thai, Lao, Khmer, Myanmar: scripts written without spaces between words.
# Search and fingerprints treat each such character as a token of its own.
UNSPACED = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
UNSPACED_CHAR = re.compile(f"[{UNSPACED}]")


def space_unspaced(text: str) -> str:
    """Put spaces around every character of an unspaced script, so a word tokenizer sees one token each."""
    return UNSPACED_CHAR.sub(lambda m: f" {m.group()} ", text)


_SCRIPTS = (  # ISO 15924 codes for the scripts the domain needs; first range that holds a letter wins
    ("Arab", re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")),
    ("Hani", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")),
    ("Cyrl", re.compile(r"[\u0400-\u04ff]")),
    ("Kana", re.compile(r"[\u3040-\u30ff]")),
    ("Hang", re.compile(r"[\uac00-\ud7af]")),
    ("Thai", re.compile(r"[\u0e00-\u0e7f]")),
    ("Grek", re.compile(r"[\u0370-\u03ff]")),
    ("Hebr", re.compile(r"[\u0590-\u05ff]")),
)


def script_of(text: str) -> str:
    """The main non-Latin script of a name, else Latn (Vietnamese with diacritics is Latn too)."""
    for code, pattern in _SCRIPTS:
        if pattern.search(text):
            return code
    return "Latn"
