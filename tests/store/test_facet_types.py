"""`doc_facets.types` (a document's mention types, for the search's entity-type facet) agrees with
the mentions table after ingest, after reprocess with other stages, and after migrating a store."""

from __future__ import annotations

import newsgraph
from newsgraph.fixtures import sample_config, sample_corpus
from newsgraph.reprocess import reprocess
from newsgraph.store.migrations import m016_doc_facets_types

TRUTH = """SELECT x.rowid, x.types, (SELECT group_concat(type, ' ') FROM (SELECT DISTINCT type FROM mentions m
           WHERE m.doc_rowid = x.rowid ORDER BY type)) FROM doc_facets x"""


def _disagree(con) -> list:
    return [r for r in con.execute(TRUTH) if sorted((r[1] or "").split()) != sorted((r[2] or "").split())]


def test_types_follow_mentions_through_ingest_reprocess_and_migration(tmp_path):
    settings = newsgraph.load_settings(config_file=sample_config(), environ={}).with_overrides(db=str(tmp_path / "t.db"))
    with newsgraph.open(settings.db, settings) as ng:
        ng.ingest([str(sample_corpus() / "txt")])
        con = ng.store.con
        assert con.execute("SELECT count(*) FROM doc_facets WHERE types LIKE '%PER%'").fetchone()[0] > 5
        assert _disagree(con) == []
        fewer = settings.with_overrides(**{"pipeline.stages": ["clean.v1", "langid.v1", "dates.v1", "mentions.docrefs.v1"]})
        reprocess(ng.store, fewer)
        assert con.execute("SELECT count(*) FROM doc_facets WHERE types LIKE '%PER%'").fetchone()[0] == 0
        assert _disagree(con) == []
        con.execute("ALTER TABLE doc_facets DROP COLUMN types")
        m016_doc_facets_types(con)
        assert _disagree(con) == []
