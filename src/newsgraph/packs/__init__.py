"""Domain packs: knowledge that is data (institutions, people and posts, acronyms, document codes).

    from newsgraph.packs import load_packs, names_index, who_held
    packs = load_packs()                       # every pack under packs/data/
    names_index(packs)["luong cuong"]          # [("person", "luong-cuong", "vi"), ...]
    who_held(packs, "State President", "2024-12-01")
    find_entity(packs, "vn-provincial-peoples-committee@vn-ninh-thuan")  # type, entity, pack
    find_entity(packs, "geo:jp")               # a country: the built-in pack "world" (data/geo/countries.toml)

Format: packs/data/README.md.
"""

from .loader import (
    DATA_DIR,
    GEO_PREFIX,
    PATTERN_SEP,
    WORLD,
    Found,
    Pack,
    PatternInstance,
    country_entity,
    country_name,
    expand_pattern,
    find_entity,
    load_packs,
    names_index,
    pattern_institutions,
    state_of,
    who_held,
    world_pack,
)
from .schema import Acronym, Institution, PackError, PackMeta, Person, Post, PostHeld, Source

__all__ = [
    "DATA_DIR",
    "GEO_PREFIX",
    "PATTERN_SEP",
    "WORLD",
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
    "country_entity",
    "country_name",
    "expand_pattern",
    "find_entity",
    "load_packs",
    "names_index",
    "pattern_institutions",
    "state_of",
    "who_held",
    "world_pack",
]
