"""Byte builders shared by the read tests."""

from __future__ import annotations

import unicodedata

TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Encode as Windows does: precomposed base letters (ơ, â...) followed by COMBINING tone marks."""
    out = []
    for c in unicodedata.normalize("NFC", text):
        try:
            c.encode("cp1258")
            out.append(c)
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", c)
            tones = "".join(m for m in parts if m in TONES)
            out.append(unicodedata.normalize("NFC", "".join(m for m in parts if m not in TONES)) + tones)
    return "".join(out).encode("cp1258")
