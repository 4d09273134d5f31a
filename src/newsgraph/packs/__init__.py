"""Domain packs: knowledge that is data (institutions, people and posts, acronyms, document codes).

    from newsgraph.packs import load_packs, names_index, who_held
    packs = load_packs()                       # every pack under packs/data/
    names_index(packs)["luong cuong"]          # [("person", "luong-cuong", "vi"), ...]
    who_held(packs, "State President", "2024-12-01")
    find_entity(packs, "vn-provincial-peoples-committee@vn-ninh-thuan")  # type, entity, pack

Format: packs/data/README.md.
"""

from .loader import (
    DATA_DIR,
    PATTERN_SEP,
    Found,
    Pack,
    PatternInstance,
    expand_pattern,
    find_entity,
    load_packs,
    names_index,
    pattern_institutions,
    who_held,
)
from .schema import Acronym, Institution, PackError, PackMeta, Person, Post, PostHeld, Source

__all__ = [
    "DATA_DIR",
    "PATTERN_SEP",
    "Acronym",
    "Found",
    "Institution",
    "Pack",
    "PackError",
    "PackMeta",
    "PatternInstance",
    "Person",
    "Post",
    "PostHeld",
    "Source",
    "expand_pattern",
    "find_entity",
    "load_packs",
    "names_index",
    "pattern_institutions",
    "who_held",
]
