"""`newsgraph entity …` corrections and `newsgraph reprocess` through the real entry point."""

from __future__ import annotations

import pytest

from tests.corrections.test_rerun import CORPUS


@pytest.fixture
def db(cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    r = cli("ingest", str(corpus), "--db", "t.db", "--json")
    assert r.exit_code == 0, r.stderr
    return "t.db"


def _doc(cli, db, lang, needle):
    ids = [d["id"] for d in cli("docs", "--db", db, "--json").json["documents"]]
    docs = [cli("show", i, "--db", db, "--json").json for i in ids]
    return next(d for d in docs if d["lang"] == lang and needle in d["text"])


def test_entity_id_still_shows_an_entity(cli, db):
    for args in (("entity", "luong-cuong"), ("entity", "--json", "luong-cuong"), ("entity", "show", "luong-cuong")):
        r = cli(*args, "--db", db, "--json")
        assert r.exit_code == 0, r.stderr
        assert r.json["id"] == "luong-cuong" and len(r.json["documents"]) == 3


def test_merge_then_show_the_merged_away_id(cli, db):
    r = cli("entity", "merge", "luong-cuong", "phan-van-giang", "--db", db, "--author", "ana", "--note", "test", "--json")
    assert r.exit_code == 0, r.stderr
    body = r.json
    assert body["correction"]["op"] == "merge" and body["correction"]["author"] == "ana"
    assert body["replay"]["mentions_changed"] >= 3
    shown = cli("entity", "phan-van-giang", "--db", db)
    assert shown.exit_code == 0
    assert shown.stdout.splitlines()[0] == "phan-van-giang was merged into luong-cuong (correction #1)"
    assert cli("entity", "phan-van-giang", "--db", db, "--json").json["redirected_from"]["id"] == "phan-van-giang"


def test_every_subcommand_logs_and_undo_appends(cli, db):
    en1 = _doc(cli, db, "en", "Thursday")
    hanoi = next(m for m in en1["mentions"] if m["text"] == "Hà Nội")
    steps = [
        ("entity", "rename", "luong-cuong", "President Lương Cường"),
        ("entity", "alias", "add", "luong-cuong", "Chủ tịch Cường", "--lang", "vi"),
        ("entity", "alias", "remove", "phan-van-giang", "Giang"),
        ("entity", "split", "luong-cuong", "--doc", _doc(cli, db, "en", "Hanoi")["id"]),
        ("entity", "reassign", en1["id"][:8], str(hanoi["start"]), str(hanoi["end"]), "--none"),
        ("entity", "undo"),
    ]
    for step in steps:
        r = cli(*step, "--db", db, "--author", "ana")
        assert r.exit_code == 0, (step, r.stderr)
        assert r.stdout.startswith("correction #")
    log = cli("entity", "log", "--db", db, "--json").json["corrections"]
    assert [e["op"] for e in log] == ["rename", "alias_add", "alias_remove", "split", "reassign", "undo"]
    assert [e["in_force"] for e in log] == [True, True, True, True, False, True]
    assert all(e["author"] == "ana" for e in log)
    rec = cli("entity", "luong-cuong", "--db", db, "--json").json
    assert rec["name"] == "President Lương Cường"
    assert any(a["name"] == "Chủ tịch Cường" for a in rec["aliases"])
    assert "Giang" in cli("entity", "phan-van-giang", "--db", db, "--json").json["blocked_names"]
    text = cli("entity", "log", "--db", db).stdout
    assert "#5" in text and "(undone)" in text


def test_corrections_hold_after_reprocess_command(cli, db):
    cli("entity", "merge", "luong-cuong", "phan-van-giang", "--db", db)
    r = cli("reprocess", "--db", db, "--json")
    assert r.exit_code == 0, r.stderr
    body = r.json
    assert body["reprocessed"] == 3 and body["relinked"] and body["corrections"]["applied"] == 1
    rec = cli("entity", "luong-cuong", "--db", db, "--json").json
    assert any(a["name"] == "Phan Văn Giang" for a in rec["aliases"])
    human = cli("reprocess", "--db", db)
    assert human.exit_code == 0 and "3 of 3 documents re-processed" in human.stdout


@pytest.mark.parametrize(
    ("args", "code", "prefix"),
    [
        (("entity", "merge", "luong-cuong", "luong-cuong"), 2, "Error: [NG300] cannot merge 'luong-cuong' with itself"),
        (("entity", "merge", "luong-cuong", "no-such"), 1, "Error: [NG204] no entity with id 'no-such'"),
        (("entity", "rename", "no-such", "X"), 1, "Error: [NG204]"),
        (("entity", "reassign", "ffffffff", "0", "3", "--none"), 1, "Error: [NG204] no document"),
        (("entity", "reassign", "ffffffff", "0", "3"), 2, "Error: [NG300] give an entity id or --none"),
        (("entity", "undo", "42"), 1, "Error: [NG204] no correction #42"),
        (("entity", "undo"), 2, "Error: [NG300] nothing to undo"),
        (("entity", "split", "luong-cuong"), 2, "Error: [NG300] split needs --name and/or --doc"),
        (("entity", "no-such-entity"), 1, "Error: [NG204] no entity with id 'no-such-entity'"),
    ],
)
def test_bad_corrections_give_one_error_shape(cli, db, args, code, prefix):
    r = cli(*args, "--db", db)
    assert r.exit_code == code, r.stdout + r.stderr
    assert r.stderr.startswith(prefix), r.stderr
    assert "Traceback" not in r.stderr
    assert cli("entity", "log", "--db", db, "--json").json["corrections"] == []
