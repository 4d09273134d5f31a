"""Search facets counted in memory (store/facet_index.py) equal the SQL counts for every filter, and
follow writes: a stale copy is reloaded, and while a reload is not yet due the counts come from SQL."""

from __future__ import annotations

from dataclasses import replace

import pytest

import newsgraph
from newsgraph.fixtures import sample_config, sample_corpus
from newsgraph.store import Filters
from newsgraph.store.facet_index import INDEXES, FacetIndex

ALL = ("lang", "month", "entity_type", "story")


@pytest.fixture(scope="module")
def ng(tmp_path_factory):
    db = tmp_path_factory.mktemp("facets") / "f.db"
    settings = newsgraph.load_settings(config_file=sample_config(), environ={}).with_overrides(db=str(db))
    with newsgraph.open(str(db), settings) as handle:
        handle.ingest([str(sample_corpus() / "txt"), str(sample_corpus() / "html")])
        con = handle.store.con
        rowids = [r[0] for r in con.execute("SELECT rowid FROM documents ORDER BY rowid")]
        # stories written straight into their table (clustering is not what is tested here): three
        # stories of different sizes, some documents in none
        con.executemany("INSERT INTO story_members (doc_rowid, story_id, assigned_at) VALUES (?, ?, '2026-01-01')",
                        [(r, f"s{i % 3}") for i, r in enumerate(rowids) if i % 4])
        con.commit()
        yield handle


def sql_counts(store, filters, match, month_filters=None):
    out = store._sql_facets(filters, match, None, [k for k in ALL if k != "month" or month_filters is None])
    if month_filters is not None:
        out["month"] = store._sql_facets(month_filters, match, None, ("month",))["month"]
    return {k: out[k] for k in ALL}


def memory_counts(store, filters, match, month_filters=None):
    index = FacetIndex.load(store.con)
    return store._memory_facets(index, filters, match, ALL, month_filters)


def test_memory_counts_equal_sql_counts_under_every_filter(ng):
    store = ng.store
    entity = store.con.execute(
        "SELECT entity_id FROM mentions WHERE entity_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    filter_sets = [Filters(), Filters(lang=("en",)), Filters(lang=("en", "fr", "xx")), Filters(since="2024-11"),
                   Filters(until="2024"), Filters(since="2024-05-10", until="2024-12-05"), Filters(entity=entity),
                   Filters(story="s1"), Filters(lang=("vi",), entity=entity, story="s2", since="2023"),
                   Filters(entity_type=("DOCREF",)), Filters(entity_type=("per", "TITLE", "NOPE"), lang=("en",))]
    checked = 0
    for match in ('"vietnam"', "defen*", "hanoi OR paris", '"ministry" NOT "army"', "zzzznothing"):
        for f in filter_sets:
            undated = replace(f, since=None, until=None)
            assert memory_counts(store, f, match) == sql_counts(store, f, match), (match, f)
            assert memory_counts(store, f, match, undated) == sql_counts(store, f, match, undated), (match, f)
            checked += 1
    assert checked == 55
    assert sql_counts(store, Filters(), '"vietnam"')["story"]  # the stories are counted at all


def test_facets_follow_writes(ng, monkeypatch):
    store = ng.store
    monkeypatch.setattr(INDEXES, "min_interval", 0.0)
    before = store.facet_counts(Filters(), match="defen*")
    assert store._facet_index() is not None  # served from memory
    moved = store.con.execute("SELECT doc_rowid FROM story_members WHERE story_id = 's0' LIMIT 2").fetchall()
    store.con.executemany("UPDATE story_members SET story_id = 'new' WHERE doc_rowid = ?", moved)
    store.con.commit()
    monkeypatch.setattr(INDEXES, "_loaded_at", {})  # a reload is due however fast the last load was
    assert store._facet_index() is not None  # reloaded
    after = store.facet_counts(Filters(), match="defen*")
    assert after == {**sql_counts(store, Filters(), "defen*"),
                     "story": after["story"]}  # story titles are added by facet_counts
    assert [(s["id"], s["count"]) for s in after["story"]] == sql_counts(store, Filters(), "defen*")["story"]
    assert after != before


def test_a_stale_copy_not_yet_due_for_reload_gives_way_to_sql(ng, monkeypatch):
    store = ng.store
    monkeypatch.setattr(INDEXES, "min_interval", 3600.0)
    store.facet_counts(Filters(), match="defen*")
    store.con.execute("""UPDATE doc_facets SET lang = 'xx'
                         WHERE rowid = (SELECT min(rowid) FROM documents_fts WHERE documents_fts MATCH 'defen*')""")
    store.con.commit()
    assert store._facet_index() is None  # stale and loaded a moment ago
    counts = store.facet_counts(Filters(), match="defen*")
    assert counts["lang"]["xx"] == 1
    assert counts["lang"] == sql_counts(store, Filters(), "defen*")["lang"]
