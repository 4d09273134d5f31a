"""An entity record reads a bounded sample of a big entity's mentions (names, post evidence) but
keeps what analysts rely on exact: documents, mentions by language, every post with its first and
last seen date. Checked by comparing a record made with a tiny sample to the full one."""

from __future__ import annotations

import pytest

import newsgraph
from newsgraph.entities import entity_record
from newsgraph.fixtures import sample_config, sample_corpus


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("bounded") / "b.db"
    settings = newsgraph.load_settings(config_file=sample_config(), environ={})
    ng = newsgraph.open(str(db), settings)
    ng.ingest([str(sample_corpus() / "txt"), str(sample_corpus() / "html")])
    yield ng.store
    ng.close()


def _roles(rec):
    return {(r["post_id"] or r["title"], r["org"]): (r["first_seen"][:10], r["last_seen"][:10]) for r in rec["roles_from_text"]}


def test_small_sample_keeps_counts_documents_and_posts_exact(store):
    full = entity_record(store, "phan-van-giang")
    small = entity_record(store, "phan-van-giang", max_mentions=4)
    assert full["mentions_total"] > 4 and "names_counted_over" not in full
    assert small["names_counted_over"] == 4
    assert small["documents"] == full["documents"] and small["documents_total"] == len(full["documents"])
    assert small["mentions_by_lang"] == full["mentions_by_lang"]
    assert full["roles_from_text"], "the sample corpus binds posts to Phan Van Giang"
    assert _roles(small) == _roles(full)
    assert len({(e["document"], e["start"]) for r in small["roles_from_text"] for e in r["evidence"]}) <= 4
    evidence = {(r["post_id"] or r["title"], r["org"]): r for r in full["roles_from_text"]}
    for r in small["roles_from_text"]:
        assert r["mentions"] == len(evidence[(r["post_id"] or r["title"], r["org"])]["evidence"])


def test_documents_limit_lists_the_first_ids_and_counts_all(store):
    full = entity_record(store, "vn-state")
    cut = entity_record(store, "vn-state", documents_limit=3)
    assert cut["documents"] == full["documents"][:3]
    assert cut["documents_total"] == len(full["documents"]) > 3
