"""Analysts' story corrections end to end: the sample corpus's txt folder in a real SQLite file,
embedded with the real encoder; move / merge / split / undo through the library and the CLI, then
re-runs (embed again, `--restory`, reprocess, re-ingest) that must not lose a correction."""

from __future__ import annotations

import shutil

import pytest

import newsgraph
from newsgraph.errors import NewsgraphError
from newsgraph.fixtures import sample_config, sample_corpus
from newsgraph.stories import corrections as sc


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    root = tmp_path_factory.mktemp("storyfix")
    shutil.copytree(sample_corpus() / "txt", root / "txt")
    db = root / "base.db"
    settings = newsgraph.load_settings(config_file=sample_config(), environ={})
    with newsgraph.open(str(db), settings) as ng:
        ng.ingest([str(root / "txt")])
        ng.embed()
    return root, db, settings


@pytest.fixture
def ng(base, tmp_path):
    _, db, settings = base
    copy = tmp_path / "s.db"
    shutil.copy(db, copy)
    with newsgraph.open(str(copy), settings) as handle:
        yield handle


def _members(ng) -> dict[str, str]:
    return dict(ng.store.con.execute(
        "SELECT d.id, m.story_id FROM story_members m JOIN documents d ON d.rowid = m.doc_rowid"))


def _two_stories(ng) -> tuple[str, str]:
    rows = ng.store.con.execute("SELECT id FROM stories ORDER BY size DESC, id LIMIT 2").fetchall()
    return rows[0][0], rows[1][0]


def _sizes_match_members(ng) -> None:
    con = ng.store.con
    counted = dict(con.execute("SELECT story_id, count(*) FROM story_members GROUP BY 1"))
    assert dict(con.execute("SELECT id, size FROM stories")) == counted


def test_merge_moves_documents_and_redirects(ng):
    a, b = _two_stories(ng)
    b_docs = set(ng.story(b)["documents"])
    applied = sc.merge(ng.store.con, a, b, author="ana", note="same review")
    assert applied.correction.author == "ana" and applied.correction.op == "story_merge"
    members = _members(ng)
    assert all(members[d] == a for d in b_docs)
    shown = ng.story(b)  # a merged-away id shows the story it went to
    assert shown["id"] == a and shown["redirected_from"]["id"] == b and b_docs <= set(shown["documents"])
    _sizes_match_members(ng)
    with pytest.raises(NewsgraphError, match="merged into"):
        sc.merge(ng.store.con, a, b)


def test_move_split_and_undo(ng):
    a, b = _two_stories(ng)
    doc = ng.story(b)["documents"][0]
    sc.move(ng.store.con, doc, a)
    assert _members(ng)[doc] == a
    split = sc.split(ng.store.con, a, [doc])
    new_id = split.correction.args["new_id"]
    assert new_id.endswith("-s") and _members(ng)[doc] == new_id
    sc.undo(ng.store.con)  # the split goes: back in a
    assert _members(ng)[doc] == a
    sc.undo(ng.store.con)  # the move goes: back in b
    assert _members(ng)[doc] == b
    assert not ng.store.con.execute("SELECT 1 FROM stories WHERE id = ?", (new_id,)).fetchone()
    _sizes_match_members(ng)


def test_bad_corrections_are_refused_before_writing(ng):
    a, _ = _two_stories(ng)
    before = ng.store.con.execute("SELECT count(*) FROM corrections").fetchone()[0]
    with pytest.raises(NewsgraphError, match="no story"):
        sc.merge(ng.store.con, a, "st-nope")
    with pytest.raises(NewsgraphError, match="itself"):
        sc.merge(ng.store.con, a, a)
    with pytest.raises(NewsgraphError, match="at least one"):
        sc.split(ng.store.con, a, ng.story(a)["documents"])
    with pytest.raises(NewsgraphError, match="nothing to undo"):
        sc.undo(ng.store.con)
    assert ng.store.con.execute("SELECT count(*) FROM corrections").fetchone()[0] == before


def test_corrections_survive_every_rerun(ng, base):
    root, _, _ = base
    a, b = _two_stories(ng)
    third = ng.store.con.execute("SELECT id FROM stories WHERE id NOT IN (?, ?) ORDER BY size DESC, id LIMIT 1",
                                 (a, b)).fetchone()[0]
    b_docs = ng.story(b)["documents"]
    moved = ng.story(third)["documents"][0]
    sc.merge(ng.store.con, a, b)
    sc.move(ng.store.con, moved, a)
    want = _members(ng)
    assert want[moved] == a and all(want[d] == a for d in b_docs)
    ng.embed()  # nothing new: nothing changes
    assert _members(ng) == want
    ng.ingest([str(root / "txt")])  # re-ingest: duplicates, stories untouched
    assert _members(ng) == want
    ng.embed(restory=True)  # every story assigned again from scratch, then the corrections
    assert _members(ng) == want
    _sizes_match_members(ng)
    log = sc.story_log(ng.store.con)
    assert [c["op"] for c in log["corrections"]] == ["story_merge", "story_move"]
    actions = [r["action"] for r in log["repairs"]]
    assert actions.count("rebuild") == 1 and set(actions) <= {"rebuild", "merge"}  # repairs are logged too


def test_entity_and_story_undo_stay_apart(ng):
    from newsgraph import corrections

    a, b = _two_stories(ng)
    c = sc.merge(ng.store.con, a, b).correction
    with pytest.raises(NewsgraphError, match="story correction"):
        corrections.undo(ng.store.con, c.id)
    with pytest.raises(NewsgraphError, match="nothing to undo"):
        corrections.undo(ng.store.con)  # no entity correction in force
    sc.undo(ng.store.con, c.id)
    assert ng.story(b)["id"] == b


def test_story_cli(base, tmp_path, cli):
    _, db0, settings = base
    db = str(tmp_path / "cli.db")
    shutil.copy(db0, db)
    with newsgraph.open(db, settings) as ng:
        a, b = _two_stories(ng)
        doc = ng.story(b)["documents"][0]
    r = cli("story", "move", doc[:8], a, "--db", db, "--author", "ana", "--note", "belongs there")
    assert r.exit_code == 0 and "story_move by ana" in r.stdout
    shown = cli("story", a, "--db", db, "--json")
    assert shown.exit_code == 0 and doc in shown.json["documents"]
    log = cli("story", "log", "--db", db, "--json")
    assert log.json["corrections"][0]["note"] == "belongs there" and log.json["corrections"][0]["in_force"]
    assert cli("story", "undo", "--db", db).exit_code == 0
    assert doc in cli("story", b, "--db", db, "--json").json["documents"]
    missing = cli("story", "merge", a, "st-nope", "--db", db)
    assert missing.exit_code != 0 and "no story" in missing.stderr


def test_repair_merges_are_logged_redirected_and_corrections_stay_on_top(ng):
    """Two stored stories whose documents look alike are merged by the repair (forced here with one
    shared vector); the older id is kept, the other redirects, the log says why, and an analyst's
    later split still holds after the next assignment run."""
    import numpy as np

    from newsgraph.stories import OnlineClusterer, StoryParams
    from newsgraph.stories.upkeep import PeriodDoc, apply_repairs

    con = ng.store.con
    a, b = _two_stories(ng)
    rows = con.execute("""SELECT d.rowid, d.id, m.base_story, d.lang FROM story_members m
                          JOIN documents d ON d.rowid = m.doc_rowid WHERE m.story_id IN (?, ?)""", (a, b)).fetchall()
    rng = np.random.default_rng(0)
    clusterer = OnlineClusterer(StoryParams())
    for _ in range(300):
        v = rng.normal(size=16)
        clusterer.observe((v / np.linalg.norm(v)).astype(np.float32), "en")
    same = np.ones(16, dtype=np.float32) / 4
    period = [PeriodDoc(r[0], r[1], r[2], same, 0.0, "en", frozenset()) for r in rows]
    logged = apply_repairs(con, period, clusterer)
    assert len(logged) == 1 and logged[0]["action"] == "merge"
    kept, gone = logged[0]["stories"]
    assert {kept, gone} == {a, b}
    members = _members(ng)
    assert {members[r[1]] for r in rows} == {kept}
    shown = ng.story(gone)
    assert shown["id"] == kept and shown["redirected_from"] == {"id": gone, "by": "repair", "ref": logged[0]["id"]}
    assert sc.story_log(con)["repairs"][-1]["reason"].startswith("average link")
    _sizes_match_members(ng)
    doc = rows[0][1]
    sc.split(con, kept, [doc])
    ng.embed()
    assert _members(ng)[doc] != kept
