"""newsgraph: offline, multilingual news intelligence with provenance.

    import newsgraph
    db = newsgraph.open("newsgraph.db")
    report = db.ingest(["articles/"])
    hits = db.search("luong cuong")
"""

from __future__ import annotations

from .config import Settings, load_settings
from .model import Document, Mention, Published, Rejection

__version__ = "0.1.0"

__all__ = ["Document", "Mention", "Published", "Rejection", "Settings", "load_settings", "open"]


def open(db: str | None = None, settings: Settings | None = None):
    """Open (or create) a newsgraph store; returns a `Newsgraph` handle with ingest/search/export."""
    from .api import Newsgraph

    return Newsgraph.open(db, settings)
