"""No correction is lost by a re-run: each one is made on documents ingested through the real
pipeline and linker, then the store is re-processed, re-ingested, or stripped of its derived state
and rebuilt — and the correction must still hold."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from newsgraph import corrections as c
from newsgraph.api import Newsgraph
from newsgraph.corrections.view import corrected_record
from newsgraph.reprocess import reprocess

CORPUS = {
    "en1.txt": " date 2024-12-12\nState President Lương Cường met Minister of National Defence Phan Văn Giang in Hà Nội "
    "on Thursday. Giang briefed the President on the army.\n",
    "en2.txt": " date 2024-12-26\nLuong Cuong addressed the military conference in Hanoi. Phan Van Giang attended.\n",
    "vi.txt": " date 2024-12-26\nSáng 26/12, Chủ tịch nước Lương Cường dự Hội nghị Quân chính toàn quân tại Hà Nội. "
    "Đại tướng Phan Văn Giang phát biểu.\n",
}
LATER = " date 2025-01-03\nPhan Văn Giang and Lương Cường visited Hà Nội again. Giang spoke.\n"


class World:
    def __init__(self, ng: Newsgraph, corpus: Path):
        self.ng, self.corpus = ng, corpus

    @property
    def con(self) -> Any:
        return self.ng.store.con

    def doc(self, name: str) -> str:
        (doc_id,) = self.con.execute("SELECT id FROM documents WHERE source LIKE ?", (f"%{name}",)).fetchone()
        return doc_id

    def span(self, name: str, surface: str, after: str = "") -> tuple[str, int, int]:
        text = self.con.execute("SELECT text FROM documents WHERE id = ?", (self.doc(name),)).fetchone()[0]
        start = text.index(surface, text.index(after) if after else 0)
        return self.doc(name), start, start + len(surface)

    def entity(self, name: str, surface: str, after: str = "") -> str | None:
        doc_id, start, end = self.span(name, surface, after)
        row = self.con.execute(
            """SELECT m.entity_id FROM mentions m JOIN documents d ON d.rowid = m.doc_rowid
               WHERE d.id = ? AND m.start = ? AND m."end" = ? AND m.type != 'TITLE'""", (doc_id, start, end)).fetchone()
        assert row is not None, (name, surface)
        return row[0]


@pytest.fixture
def world(tmp_path, settings):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    ng = Newsgraph.open(tmp_path / "t.db", settings)
    assert ng.ingest([str(corpus)]).stored == 3
    w = World(ng, corpus)
    # what the pipeline + linker give before any correction (the tests below rely on it)
    assert w.entity("en1.txt", "Lương Cường") == w.entity("en2.txt", "Luong Cuong") == "luong-cuong"
    assert w.entity("en1.txt", "Giang", after="Thursday") == w.entity("en2.txt", "Phan Van Giang") == "phan-van-giang"
    yield w
    ng.close()


# -- one correction each: (make it, check it holds) ----------------------------------------------------
def _merge(w: World) -> None:
    c.merge(w.con, "luong-cuong", "phan-van-giang", author="ana")


def _merge_holds(w: World) -> None:
    assert not w.con.execute("SELECT 1 FROM mentions WHERE entity_id = 'phan-van-giang'").fetchone()
    assert w.entity("en2.txt", "Phan Van Giang") == w.entity("vi.txt", "Phan Văn Giang") == "luong-cuong"
    assert c.redirect_of(w.con, "phan-van-giang")[0] == "luong-cuong"


def _split_doc(w: World) -> None:
    c.split(w.con, "luong-cuong", docs=[w.doc("en2.txt")])


def _split_doc_holds(w: World) -> None:
    assert w.entity("en2.txt", "Luong Cuong") == "per:luong-cuong"
    assert w.entity("en1.txt", "Lương Cường") == w.entity("vi.txt", "Lương Cường") == "luong-cuong"


def _split_name(w: World) -> None:
    c.split(w.con, "phan-van-giang", names=["Giang"])


def _split_name_holds(w: World) -> None:
    assert w.entity("en1.txt", "Giang", after="Thursday") == "per:giang"
    assert w.entity("en1.txt", "Phan Văn Giang") == "phan-van-giang"


def _rename(w: World) -> None:
    c.rename(w.con, "luong-cuong", "President Lương Cường")


def _rename_holds(w: World) -> None:
    assert corrected_record(w.ng.store, "luong-cuong")["name"] == "President Lương Cường"
    assert w.con.execute("SELECT name FROM entities WHERE id = 'luong-cuong'").fetchone() == ("President Lương Cường",)


def _alias_remove(w: World) -> None:
    c.alias_remove(w.con, "phan-van-giang", "Giang")


def _alias_remove_holds(w: World) -> None:
    assert w.entity("en1.txt", "Giang", after="Thursday") != "phan-van-giang"
    assert w.entity("en1.txt", "Phan Văn Giang") == "phan-van-giang"


def _alias_add(w: World) -> None:
    c.alias_remove(w.con, "phan-van-giang", "Giang")
    c.alias_add(w.con, "luong-cuong", "Giang", lang="en")


def _alias_add_holds(w: World) -> None:
    assert w.entity("en1.txt", "Giang", after="Thursday") == "luong-cuong"


def _reassign(w: World) -> None:
    c.reassign(w.con, *w.span("en1.txt", "Hà Nội"), None)
    c.reassign(w.con, *w.span("en2.txt", "Phan Van Giang"), "luong-cuong")


def _reassign_holds(w: World) -> None:
    assert w.entity("en1.txt", "Hà Nội") is None
    assert w.entity("vi.txt", "Hà Nội") is not None
    assert w.entity("en2.txt", "Phan Van Giang") == "luong-cuong"
    assert w.entity("vi.txt", "Phan Văn Giang") == "phan-van-giang"


def _undo(w: World) -> None:
    c.merge(w.con, "luong-cuong", "phan-van-giang")
    c.undo(w.con)


def _undo_holds(w: World) -> None:
    assert w.entity("en2.txt", "Phan Van Giang") == "phan-van-giang"
    assert c.redirect_of(w.con, "phan-van-giang") is None


OPS: dict[str, tuple[Callable[[World], None], Callable[[World], None]]] = {
    "merge": (_merge, _merge_holds), "split-doc": (_split_doc, _split_doc_holds),
    "split-name": (_split_name, _split_name_holds), "rename": (_rename, _rename_holds),
    "alias-remove": (_alias_remove, _alias_remove_holds), "alias-add": (_alias_add, _alias_add_holds),
    "reassign": (_reassign, _reassign_holds), "undo": (_undo, _undo_holds),
}


# -- the re-runs ---------------------------------------------------------------------------------------
def _reprocess(w: World) -> None:
    report = reprocess(w.ng.store, w.ng.settings)
    assert report.reprocessed == 3 and report.relinked and not report.failed


def _reingest(w: World) -> None:
    later = w.corpus / "later.txt"
    new = not later.exists()
    later.write_text(LATER, encoding="utf-8")
    report = w.ng.ingest([str(w.corpus)])
    assert (report.stored, report.unchanged) == ((1, 3) if new else (0, 4))


def _rebuild_derived(w: World) -> None:
    """Drop every derived entity fact (mentions, entities, names, keys), then rebuild from raw input."""
    for table in ("mentions", "entities", "entity_names", "entity_keys"):
        w.con.execute(f"DELETE FROM {table}")
    assert w.con.execute("SELECT count(*) FROM corrections").fetchone()[0] >= 1
    _reprocess(w)


RERUNS = {"reprocess": _reprocess, "reingest": _reingest, "rebuild-derived": _rebuild_derived}


@pytest.mark.parametrize("rerun", RERUNS)
@pytest.mark.parametrize("op", OPS)
def test_correction_survives_rerun(world, op, rerun):
    make, holds = OPS[op]
    make(world)
    holds(world)
    log = world.con.execute("SELECT * FROM corrections ORDER BY id").fetchall()
    RERUNS[rerun](world)
    holds(world)
    RERUNS[rerun](world)  # twice: replay is idempotent
    holds(world)
    assert world.con.execute("SELECT * FROM corrections ORDER BY id").fetchall() == log


def test_a_document_ingested_later_is_corrected_too(world):
    _merge(world)
    (world.corpus / "later.txt").write_text(LATER, encoding="utf-8")
    world.ng.ingest([str(world.corpus)])
    assert world.entity("later.txt", "Phan Văn Giang") == "luong-cuong"


def test_reprocess_keeps_ids_and_replaces_derived_fields(world):
    before = world.con.execute("SELECT rowid, id, text FROM documents ORDER BY rowid").fetchall()
    n_mentions = world.con.execute("SELECT count(*) FROM mentions").fetchone()[0]
    world.con.execute("UPDATE documents SET lang = 'xx', title = 'stale'")
    world.con.execute("UPDATE doc_facets SET lang = 'xx'")
    world.con.execute("DELETE FROM mentions")
    report = reprocess(world.ng.store, world.ng.settings)
    assert report.to_dict()["reprocessed"] == 3 and report.mentions_after == n_mentions
    assert world.con.execute("SELECT rowid, id, text FROM documents ORDER BY rowid").fetchall() == before
    assert {r[0] for r in world.con.execute("SELECT lang FROM documents")} == {"en", "vi"}
    assert world.con.execute("SELECT count(*) FROM doc_facets WHERE lang = 'xx'").fetchone()[0] == 0
    hits = world.ng.search("luong cuong")
    assert hits["total"] == 3


def test_reprocess_reports_documents_without_raw_input(world):
    world.con.execute("DELETE FROM raw WHERE doc_rowid = (SELECT min(rowid) FROM documents)")
    report = reprocess(world.ng.store, world.ng.settings)
    assert report.reprocessed == 2 and len(report.without_raw) == 1 and report.exit_status == 1
