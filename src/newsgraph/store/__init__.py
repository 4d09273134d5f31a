"""Storage behind one interface (`base.Store`); `open_store` picks the backend from the location."""

from __future__ import annotations

from .base import BatchResult, Filters, KeywordHit, Store


def open_store(location: str) -> Store:
    """A file path (or ":memory:") opens SQLite. A postgresql:// DSN will open the PostgreSQL backend."""
    if location.startswith(("postgres://", "postgresql://")):
        from ..errors import UsageError

        raise UsageError("the PostgreSQL backend is not available in this version; use a SQLite file path")
    from .sqlite import SQLiteStore

    return SQLiteStore(location)


__all__ = ["BatchResult", "Filters", "KeywordHit", "Store", "open_store"]
