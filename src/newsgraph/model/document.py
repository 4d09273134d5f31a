"""The Document record: it owns the clean text; every later fact is a span into it.

Readers create a Document with `raw` (decoded input: plain text or HTML) and `meta`
(what the source declared: headers, feed fields, HTML <meta>). Stages fill the
rest, each only its own fields (see `pipeline/`). A Document serialises to a plain
dict so it can cross process boundaries (process pool, Dask).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Precision = Literal["day", "month", "year"]
DateSource = Literal["header", "metadata", "feed", "field", "url", "text", "inferred"]
Kind = Literal["text", "html", "feed-entry", "record"]


@dataclass
class Published:
    """A publication date cut to what the evidence supports: never an invented day or month."""

    date: str  # ISO, cut to precision: 2024-12-26, 2023-12, 2024
    precision: Precision
    source: DateSource
    confidence: float = 1.0
    evidence: str | None = None  # the matched string or field name, for explanations
    start: int | None = None  # offsets into Document.text when source is text
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Published | None:
        return cls(**d) if d else None


@dataclass
class Mention:
    """A span of Document.text. Its surface text is derived from the document, never stored twice."""

    start: int
    end: int
    type: str
    method: str
    confidence: float = 1.0
    entity_id: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)  # normalised facts about the span (a DOCREF's code, kind, date)


@dataclass
class Removed:
    """A piece of input that cleaning dropped (boilerplate), kept so a user can audit the cut."""

    text: str
    rule: str  # the rule id from the boilerplate data file, e.g. "comment_counter"


@dataclass
class Document:
    source: str  # path, path!member, path#entry-3, path:line-5, url, or "-" (stdin)
    raw: str  # decoded input, NFC: plain text or HTML
    kind: Kind = "text"
    raw_hash: str = ""  # sha256 of the original bytes of this item
    encoding: str = "utf-8"
    meta: dict[str, Any] = field(default_factory=dict)  # declared by the source: date, title, url, lang, id...
    # set by stages
    text: str = ""  # clean text; offsets index into it
    title: str | None = None
    lang: str | None = None
    lang_confidence: float = 0.0
    langs: list[tuple[str, float]] = field(default_factory=list)  # share of text per language
    published: Published | None = None
    date_flags: list[str] = field(default_factory=list)  # e.g. "future: 2031-01-02 > ingest time"
    removed: list[Removed] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    @property
    def identity(self) -> str:
        """What makes two inputs the same document: a declared URL/id, else nothing but the content."""
        return str(self.meta.get("url") or self.meta.get("id") or "")

    @property
    def content_key(self) -> str:
        """Hash of the decoded input with whitespace collapsed: same article in another encoding, same key.
        Kept with the `raw` it was computed from (ids are read many times per document)."""
        raw = self.raw
        cached = self.__dict__.get("_content_key")
        if cached is None or cached[0] is not raw:
            cached = (raw, hashlib.sha256(" ".join(raw.split()).encode("utf-8")).hexdigest())
            self.__dict__["_content_key"] = cached
        return cached[1]

    @property
    def id(self) -> str:
        """Stable id: hash of source identity + content (DESIGN: Document)."""
        h = hashlib.sha256(f"{self.identity}\n{self.content_key}".encode())
        return h.hexdigest()[:16]

    def add_mention(
        self, start: int, end: int, type: str, method: str, confidence: float = 1.0, attrs: dict[str, Any] | None = None
    ) -> Mention:
        """Add a span; refuses one that does not fit the text (as spaCy's Doc.char_span)."""
        if not (0 <= start < end <= len(self.text)):
            raise ValueError(f"span {start}:{end} outside text of length {len(self.text)}")
        m = Mention(start, end, type, method, confidence, attrs=dict(attrs or {}))
        self.mentions.append(m)
        return m

    def mention_text(self, m: Mention) -> str:
        return self.text[m.start : m.end]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["published"] = self.published.to_dict() if self.published else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        d = dict(d)
        d["published"] = Published.from_dict(d.get("published"))
        d["removed"] = [Removed(**r) for r in d.get("removed", [])]
        d["mentions"] = [Mention(**m) for m in d.get("mentions", [])]
        d["langs"] = [tuple(x) for x in d.get("langs", [])]
        return cls(**d)


@dataclass
class Rejection:
    """One input that could not be stored, and why. Ingest reports these and goes on."""

    source: str
    stage: str  # read, clean, langid, dates, store
    code: str  # NG1xx..., see errors.py
    message: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)
