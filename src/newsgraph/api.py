"""The library handle behind `newsgraph.open()`: every CLI command is one call here."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from .config import Settings, load_settings
from .errors import NotFound
from .ingest import ProgressFn, Report, ingest
from .search import search
from .store import Filters, Store, open_store


class Newsgraph:
    def __init__(self, store: Store, settings: Settings):
        self.store = store
        self.settings = settings

    @classmethod
    def open(cls, db: str | Path | None = None, settings: Settings | None = None) -> Newsgraph:
        settings = settings or load_settings()
        location = str(db) if db is not None else settings.db
        return cls(open_store(location), settings)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Newsgraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(
        self, paths: str | Sequence[str], on_progress: ProgressFn | None = None, stdin: IO[bytes] | None = None
    ) -> Report:
        """Ingest paths (files, folders, archives, feeds, JSONL/CSV, '-' for stdin)."""
        paths = [paths] if isinstance(paths, str | Path) else list(paths)
        return ingest([str(p) for p in paths], self.store, self.settings, on_progress=on_progress, stdin=stdin)

    def search(self, query: str, mode: str | None = None, filters: Filters | None = None, limit: int | None = None,
               cursor: str | None = None, facets: bool = False) -> dict[str, Any]:
        """`mode` None: hybrid when the store has document vectors, else keyword; `facets`: add counts."""
        from .embed import get_encoder

        encoder = get_encoder(self.settings.embed.model, self.settings.embed.threads) if mode != "keyword" else None
        return search(self.store, query, mode, filters, limit or self.settings.search.limit, cursor,
                      self.settings.search.snippet_tokens, encoder, with_facets=facets)

    def embed(self, progress: Any = None, limit: int | None = None, restory: bool = False) -> dict[str, int]:
        """Embed the stored documents that have no vectors yet (resumable; embed/documents.py), then
        give each newly embedded document a story (stories/assign.py); `restory`: assign every
        embedded document again from scratch (corrections are re-applied)."""
        from .embed.documents import embed_documents
        from .stories.assign import assign_stories, rebuild_stories

        counts = embed_documents(self.store, self.settings, progress, limit)
        stories = (rebuild_stories if restory else assign_stories)(self.store, self.settings)
        return {**counts, "stories_new": stories["stories_new"], "joined_stories": stories["joined"],
                "stories_merged": stories.get("merged", 0), "translations_or_copies": stories.get("repeats", 0)}

    def stories(self, min_size: int = 1, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        from .stories.query import list_stories

        return list_stories(self.store, min_size, limit, offset)

    def story(self, story_id: str) -> dict[str, Any]:
        from .embed import get_encoder
        from .stories.query import story_record

        encoder = get_encoder(self.settings.embed.model, self.settings.embed.threads)
        rec = story_record(self.store, story_id, encoder=encoder)
        if rec is None:
            raise NotFound(f"no story with id {story_id!r}")
        return rec

    def document(self, doc_id: str, detail: bool = False) -> dict[str, Any]:
        doc = self.store.get_document(doc_id, detail=detail)
        if doc is None:
            raise NotFound(f"no document with id {doc_id!r}")
        return doc

    def documents(self, filters: Filters | None = None, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        return self.store.list_documents(filters or Filters(), limit, offset)

    def iter_documents(self, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
        return self.store.iter_documents(filters or Filters())

    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    def export(self, fmt: str, out: IO[Any] | str | Path, what: str = "documents", filters: Filters | None = None) -> int:
        from .export import export

        return export(self, fmt, out, what, filters or Filters())
