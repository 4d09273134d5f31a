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
