"""Domain packs: knowledge that is data (institutions, people and posts, acronyms, document codes).

    from newsgraph.packs import load_packs, names_index, who_held
    packs = load_packs()                       # every pack under packs/data/
    names_index(packs)["luong cuong"]          # [("person", "luong-cuong", "vi"), ...]
    who_held(packs, "State President", "2024-12-01")

Format: packs/data/README.md.
"""

from .loader import DATA_DIR, Pack, expand_pattern, load_packs, names_index, who_held
from .schema import Acronym, Institution, PackError, PackMeta, Person, Post, PostHeld, Source

__all__ = [
    "DATA_DIR",
    "Acronym",
    "Institution",
    "Pack",
    "PackError",
    "PackMeta",
    "Person",
    "Post",
    "PostHeld",
    "Source",
    "expand_pattern",
    "load_packs",
    "names_index",
    "who_held",
]
