"""The store interface: what ingest, search, export and the CLI may ask of any backend.

`sqlite.py` implements it on one file; a PostgreSQL backend implements the same methods.
Records cross this boundary as plain dicts in the contract shapes of DESIGN.md, so the
layers above never see SQL rows.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model.document import Document, Rejection


@dataclass(frozen=True)
class Filters:
    """Document filters shared by search, docs and export. Dates overlap-match a document's period."""

    lang: tuple[str, ...] = ()
    since: str | None = None  # ISO date; a month-precision document overlaps if any of its days is >= since
    until: str | None = None
    source: str | None = None  # substring of the source path/URL
    entity: str | None = None  # entity id: documents with a mention linked to it
    story: str | None = None  # story id: its documents
    entity_type: tuple[str, ...] = ()  # PER, ORG, LOC, MISC, DOCREF, TITLE…: documents with a mention of any of them


@dataclass
class BatchResult:
    stored: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # same id already stored: re-ingest is a no-op
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (source of the copy, id of the stored document)
    near_duplicates: list[tuple[str, str, float]] = field(default_factory=list)  # (new, group, similarity)


@dataclass(frozen=True)
class KeywordHit:
    id: str
    score: float


class Store(ABC):
    """One writer at a time; readers may run concurrently (WAL)."""

    vectors: Any  # passage vectors and KNN search (store/vectors.py: SQLiteVectors)

    @abstractmethod
    def close(self) -> None: ...

    # -- ingest ---------------------------------------------------------------------------
    @abstractmethod
    def known_ids(self, ids: Sequence[str]) -> dict[str, str]:
        """Which of these document ids are already stored, with their stored source (to skip work on re-ingest)."""

    @abstractmethod
    def write_batch(
        self, docs: Sequence[Document], rejections: Sequence[Rejection], run_id: int,
        also_seen: Sequence[tuple[str, str]] = (),
    ) -> BatchResult:
        """Store a batch in one transaction: all of it or none of it. `also_seen` = (id, source) pairs
        of documents already stored that this batch met again under another source."""

    @abstractmethod
    def start_run(self, args: dict[str, Any]) -> int: ...

    @abstractmethod
    def finish_run(self, run_id: int, summary: dict[str, Any], status: str = "done") -> None: ...

    # -- read -----------------------------------------------------------------------------
    @abstractmethod
    def document_rowid(self, doc_id: str) -> int | None:
        """The stored document's rowid by id or unique id prefix (4+ characters), or None."""

    @abstractmethod
    def get_document(self, doc_id: str, detail: bool = False) -> dict[str, Any] | None:
        """Contract shape (DESIGN.md: document), or None. Accepts a unique id prefix; `detail` adds
        provenance (date evidence, duplicates, removed boilerplate, encoding, raw hash)."""

    @abstractmethod
    def count_documents(self, filters: Filters) -> int: ...

    @abstractmethod
    def texts(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """id → contract-shaped document (without mentions), to build search hits and snippets."""

    @abstractmethod
    def raw_text(self, doc_id: str) -> str | None:
        """The decoded input a document was made from (for re-processing), or None."""

    @abstractmethod
    def mentions_of(self, entity_id: str, limit: int | None = None, with_posts: bool = False,
                    earliest: bool = False) -> list[dict[str, Any]]:
        """Mentions linked to an entity, oldest first: doc_id, start, end, text, type, attrs, lang,
        published (date). `limit`: only the latest `limit` (by publication, then ingestion), or the
        earliest with `earliest`;
        `with_posts`: only those whose attrs may carry posts (titles bound, offices read)."""

    @abstractmethod
    def entity_post_spans(self, entity_id: str) -> list[dict[str, Any]]:
        """[{key (post id or title), org, first_seen, last_seen, mentions}] over every mention of the entity."""

    @abstractmethod
    def entity_mention_counts(self, entity_id: str) -> dict[str, int]:
        """Mentions of an entity by the language of their documents ('?' when unknown)."""

    @abstractmethod
    def entity_document_ids(self, entity_id: str, limit: int | None = None) -> list[str]:
        """Ids of the documents mentioning an entity, sorted (the first `limit`)."""

    @abstractmethod
    def linked_entities(self) -> list[str]:
        """Ids of every entity some stored mention links to, sorted."""

    @abstractmethod
    def co_mentioned(self, entity_id: str, limit: int = 20, max_docs: int | None = None) -> list[dict[str, Any]]:
        """Other linked entities in the same documents, most shared documents first: [{id, documents}];
        `max_docs`: counted over the entity's latest documents (by ingestion) only."""

    @abstractmethod
    def entity(self, entity_id: str) -> dict[str, Any] | None:
        """The linker's row of an entity: id, type, name, origin ('pack:<name>' | 'learned'),
        confidence, attrs, first_seen, last_seen; None when no stored mention ever reached it."""

    @abstractmethod
    def entity_names(self, entity_id: str) -> list[dict[str, Any]]:
        """Its names: name, lang, script, origin (pack | text | correction), seen, blocked; most seen first."""

    @abstractmethod
    def words(self) -> Iterator[tuple[str, str]]:
        """(lang, clean text) of every document, for term statistics."""

    @abstractmethod
    def list_documents(
        self, filters: Filters, limit: int = 20, offset: int = 0, order: str = "date"
    ) -> list[dict[str, Any]]: ...

    @abstractmethod
    def iter_documents(self, filters: Filters) -> Iterator[dict[str, Any]]:
        """Every matching document in contract shape, streamed (exports)."""

    @abstractmethod
    def keyword_search(self, match: str, filters: Filters, limit: int, offset: int,
                       count: bool = True) -> tuple[list[KeywordHit], int]:
        """Run a compiled full-text expression; returns hits (best first) and the total count
        (-1 when `count` is false: hybrid search fuses the first hits and needs no total)."""

    @abstractmethod
    def stats(self) -> dict[str, Any]: ...

    @abstractmethod
    def rejections(self, run_id: int | None = None) -> list[dict[str, Any]]: ...

    # -- browsing (the HTTP API; store/browse.py) -----------------------------------------------
    @abstractmethod
    def document_summaries(self, filters: Filters, limit: int, offset: int) -> list[dict[str, Any]]:
        """{id, title, lang, published, source, story_id}, newest first, undated last."""

    @abstractmethod
    def facet_counts(self, filters: Filters, match: str | None = None, ids: Sequence[str] | None = None,
                     only: Sequence[str] = ("lang", "month", "entity_type", "story"),
                     month_filters: Filters | None = None) -> dict[str, Any]:
        """Documents by lang, month, mention type and story (top 10) among full-text matches or `ids`;
        months under `month_filters` when given."""

    @abstractmethod
    def entity_summaries(self, q: str | None, etype: str | None, limit: int, offset: int) -> list[dict[str, Any]]:
        """{id, type, name, documents} of linked entities, most documents first; `q` folded over every name."""

    @abstractmethod
    def count_entities(self, q: str | None, etype: str | None) -> int: ...

    @abstractmethod
    def entity_labels(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """id → {name, type}."""

    @abstractmethod
    def entity_timeline(self, entity_id: str) -> list[dict[str, Any]]:
        """[{month, mentions, documents}] oldest first."""

    @abstractmethod
    def entity_document_count(self, entity_id: str) -> int: ...

    @abstractmethod
    def ego_network(self, entity_id: str, limit: int, max_docs: int = 2000) -> dict[str, Any]:
        """The entities most often mentioned with this one and the co-mention edges among them."""

    @abstractmethod
    def story_summaries(self, filters: Filters, min_size: int, limit: int, offset: int) -> list[dict[str, Any]]:
        """{id, title, size, languages, first_seen, last_seen} of stories with a matching document, latest first."""

    @abstractmethod
    def count_stories(self, filters: Filters, min_size: int) -> int: ...

    @abstractmethod
    def story_title(self, story_id: str) -> str | None: ...
