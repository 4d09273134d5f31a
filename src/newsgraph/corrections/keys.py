"""How corrections compare names: the matcher's folded tokens, strict enough that removing the
alias "Giang" never touches "Giáp", loose enough that "GIANG", "Giang" and "giang" are one name.

The linker's own (looser, phonetic) keys are used only to fill `entity_names.key`, so the linker
finds the names corrections add; when `newsgraph.linking` is not installed the strict key is used.
"""

from __future__ import annotations

import re
from typing import Any

from ..pipeline.mentions.matcher import name_key
from ..text.normalise import fold

NAME_TYPES = ("PER", "ORG", "LOC", "MISC")  # mentions that can link to an entity (not DOCREF, TITLE)
_NOT_SLUG = re.compile(r"[^\w]+")


def surface_key(name: str) -> str:
    """Folded tokens joined by one space: case, diacritics and spacing do not matter."""
    return " ".join(name_key(name))


def linker_key(name: str, etype: str) -> str:
    """The key the linker stores for a name (its strongest key), or the strict key without a linker."""
    try:
        from ..linking import name_keys  # type: ignore[attr-defined]
    except ImportError:
        try:
            from ..linking.keys import name_keys  # type: ignore[no-redef]
        except ImportError:
            return surface_key(name)
    keys: Any = name_keys(name, etype)
    first = keys if isinstance(keys, str) else next(iter(keys or []), None)
    if isinstance(first, tuple | list):  # (kind, key) pairs, strongest first
        first = first[-1]
    return str(first) if first else surface_key(name)


def slug(name: str) -> str:
    """A readable id part: folded, words joined by '-' (letters of any script are kept)."""
    return _NOT_SLUG.sub("-", fold(name)).strip("-_") or "x"
