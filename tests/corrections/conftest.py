"""A real SQLite store of small documents, linked by the real linker (the store links every batch).

Mentions come with entity ids preset, as the gazetteer and coref stages set pack ids; the linker
keeps them, gives each entity its row and names, and links the ones left unset by name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from newsgraph.model.document import Document, Published

TEXTS = {
    "a": ("State President Lương Cường met Trần Văn Minh and Giang in Hà Nội. Trần Văn Minh spoke.", "en", "2024-12-12"),
    "b": ("Tran Van Minh, a colonel, visited Ha Noi with Nguyen Thi Lan.", "en", "2024-12-20"),
    "c": ("Trần Văn Minh (the footballer) scored twice; Nguyễn Thị Lan watched.", "en", "2025-01-05"),
}
# (doc, surface, type, entity id preset by "the pipeline"; None: the linker decides)
LINKS = [
    ("a", "Lương Cường", "PER", "luong-cuong"),
    ("a", "Trần Văn Minh", "PER", "per:tran-van-minh"),
    ("a", "Giang", "PER", "per:tran-van-minh"),
    ("a", "Hà Nội", "LOC", "ha-noi"),
    ("b", "Tran Van Minh", "PER", "per:tran-van-minh"),
    ("b", "Nguyen Thi Lan", "PER", "per:nguyen-thi-lan"),
    ("c", "Trần Văn Minh", "PER", "per:tran-van-minh"),
    ("c", "Nguyễn Thị Lan", "PER", None),
]


def build_doc(key: str) -> Document:
    text, lang, date = TEXTS[key]
    d = Document(source=f"{key}.txt", raw=text)
    d.text, d.lang, d.title = text, lang, text[:20]
    d.published = Published(date, "day", "header")
    return d


def with_mentions(d: Document) -> Document:
    text = d.text
    for key, surface, typ, entity_id in LINKS:
        if TEXTS[key][0] != text:
            continue
        start = 0
        while (start := text.find(surface, start)) >= 0:
            d.add_mention(start, start + len(surface), typ, "test.v1").entity_id = entity_id
            start += len(surface)
    return d


@dataclass
class Linked:
    store: Any
    docs: dict[str, Document]

    @property
    def con(self) -> Any:
        return self.store.con

    def entity_of(self, key: str, surface: str, nth: int = 0) -> str | None:
        """Entity id of the nth mention of `surface` in document `key`."""
        text, start = self.docs[key].text, -1
        for _ in range(nth + 1):
            start = self.docs[key].text.find(surface, start + 1)
        row = self.con.execute(
            'SELECT m.entity_id FROM mentions m JOIN documents d ON d.rowid = m.doc_rowid '
            'WHERE d.id = ? AND m.start = ? AND m."end" = ?', (self.docs[key].id, start, start + len(surface))).fetchone()
        assert row is not None, (key, surface, text)
        return row[0]

    def relink(self) -> None:
        """The linker again from scratch (as reprocess runs it), corrections replayed at its end."""
        from newsgraph.linking import relink_all

        relink_all(self.store)


@pytest.fixture
def linked(store) -> Linked:
    docs = {k: with_mentions(build_doc(k)) for k in TEXTS}
    store.write_batch(list(docs.values()), [], 1)
    return Linked(store, docs)
