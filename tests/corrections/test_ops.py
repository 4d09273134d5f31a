"""Every correction on a real SQLite store as the linker leaves it; the log; undo; bad input."""

from __future__ import annotations

import json

import pytest

from newsgraph import corrections as c
from newsgraph.corrections.view import corrected_record
from newsgraph.errors import NotFound, UsageError


def _names(con, entity_id):
    return {n: b for n, b in con.execute("SELECT name, blocked FROM entity_names WHERE entity_id = ?", (entity_id,))}


def test_merge_moves_mentions_and_names_and_redirects(linked):
    con = linked.con
    r = c.merge(con, "per:tran-van-minh", "per:nguyen-thi-lan", author="ana")
    assert r.replay.mentions_changed == 2
    assert linked.entity_of("b", "Nguyen Thi Lan") == linked.entity_of("c", "Nguyễn Thị Lan") == "per:tran-van-minh"
    assert "Nguyen Thi Lan" in _names(con, "per:tran-van-minh") and _names(con, "per:nguyen-thi-lan") == {}
    assert con.execute("SELECT 1 FROM entities WHERE id = 'per:nguyen-thi-lan'").fetchone() is None
    assert c.redirect_of(con, "per:nguyen-thi-lan") == ("per:tran-van-minh", r.correction.id)
    rec = corrected_record(linked.store, "per:nguyen-thi-lan")
    assert rec["id"] == "per:tran-van-minh" and rec["redirected_from"]["id"] == "per:nguyen-thi-lan"


def test_split_by_document_makes_a_deterministic_new_entity(linked):
    con = linked.con
    r = c.split(con, "per:tran-van-minh", docs=[linked.docs["c"].id[:8]], author="ana")
    new = r.correction.args["new_id"]
    assert new == "per:tran-van-minh-2"  # per:tran-van-minh is taken
    assert linked.entity_of("c", "Trần Văn Minh") == new
    assert linked.entity_of("a", "Trần Văn Minh") == linked.entity_of("b", "Tran Van Minh") == "per:tran-van-minh"
    assert con.execute("SELECT type, origin FROM entities WHERE id = ?", (new,)).fetchone() == ("PER", "correction")


def test_split_by_name_moves_the_name_and_blocks_it_on_the_source(linked):
    r = c.split(linked.con, "per:tran-van-minh", names=["Giang"], author="ana")
    new = r.correction.args["new_id"]
    assert new == "per:giang"
    assert linked.entity_of("a", "Giang") == new
    assert linked.entity_of("a", "Trần Văn Minh") == "per:tran-van-minh"
    assert _names(linked.con, new) == {"Giang": 0} and _names(linked.con, "per:tran-van-minh")["Giang"] == 1


def test_split_with_names_and_documents_needs_both(linked):
    c.split(linked.con, "per:tran-van-minh", names=["Tran Van Minh"], docs=[linked.docs["c"].id])
    assert linked.entity_of("c", "Trần Văn Minh") == "per:tran-van-minh-2"  # same folded name, in document c
    assert linked.entity_of("a", "Trần Văn Minh") == "per:tran-van-minh"


def test_rename(linked):
    c.rename(linked.con, "per:tran-van-minh", "Col. Trần Văn Minh")
    assert linked.con.execute("SELECT name FROM entities WHERE id = 'per:tran-van-minh'").fetchone()[0] == "Col. Trần Văn Minh"
    assert corrected_record(linked.store, "per:tran-van-minh")["name"] == "Col. Trần Văn Minh"


def test_alias_add_takes_unlinked_and_learned_mentions_not_pack_ones(linked):
    con = linked.con
    b = linked.docs["b"]
    start = b.text.index("Nguyen Thi Lan")
    c.reassign(con, b.id, start, start + len("Nguyen Thi Lan"), None)
    assert linked.entity_of("b", "Nguyen Thi Lan") is None
    r = c.alias_add(con, "per:tran-van-minh", "Nguyễn Thị Lan", lang="vi")
    assert linked.entity_of("b", "Nguyen Thi Lan") == "per:tran-van-minh"  # was unlinked
    assert linked.entity_of("c", "Nguyễn Thị Lan") == "per:tran-van-minh"  # was on a learned entity
    assert r.replay.mentions_changed == 2
    assert _names(con, "per:tran-van-minh")["Nguyễn Thị Lan"] == 0
    c.alias_add(con, "per:tran-van-minh", "Lương Cường")
    assert linked.entity_of("a", "Lương Cường") == "luong-cuong"  # a pack entity keeps its mention


def test_alias_add_moves_mentions_off_a_learned_entity(linked):
    c.alias_add(linked.con, "luong-cuong", "Tran Van Minh")
    assert {linked.entity_of(k, s) for k, s in [("a", "Trần Văn Minh"), ("b", "Tran Van Minh")]} == {"luong-cuong"}


def test_alias_remove_unlinks_and_blocks(linked):
    c.alias_remove(linked.con, "per:tran-van-minh", "giang")  # case does not matter
    assert linked.entity_of("a", "Giang") is None
    assert linked.entity_of("a", "Trần Văn Minh") == "per:tran-van-minh"
    assert _names(linked.con, "per:tran-van-minh")["giang"] == 1
    assert corrected_record(linked.store, "per:tran-van-minh")["blocked_names"] == ["giang"]


def test_reassign_to_entity_and_to_none(linked):
    doc = linked.docs["b"]
    start = doc.text.index("Nguyen Thi Lan")
    c.reassign(linked.con, doc.id, start, start + len("Nguyen Thi Lan"), "per:tran-van-minh")
    assert linked.entity_of("b", "Nguyen Thi Lan") == "per:tran-van-minh"
    c.reassign(linked.con, doc.id, start, start + len("Nguyen Thi Lan"), None)
    assert linked.entity_of("b", "Nguyen Thi Lan") is None


def test_every_correction_survives_a_relink(linked):
    con = linked.con
    c.merge(con, "per:tran-van-minh", "per:nguyen-thi-lan")
    c.alias_remove(con, "per:tran-van-minh", "Giang")
    c.split(con, "per:tran-van-minh", docs=[linked.docs["c"].id])
    c.rename(con, "per:tran-van-minh", "Trần Văn Minh (colonel)")
    c.alias_add(con, "per:tran-van-minh", "Nguyễn Thị Lan")
    _assert_all_hold(linked)
    linked.relink()  # the linker forgets its links and links everything again, then replays
    _assert_all_hold(linked)
    state = _state(con)
    assert c.replay(con).mentions_changed == 0  # idempotent
    linked.relink()
    assert _state(con) == state


def _assert_all_hold(linked):
    con = linked.con
    assert c.redirect_of(con, "per:nguyen-thi-lan") == ("per:tran-van-minh", 1)
    assert not con.execute("SELECT 1 FROM mentions WHERE entity_id = 'per:nguyen-thi-lan'").fetchone()
    assert linked.entity_of("a", "Giang") != "per:tran-van-minh"
    assert linked.entity_of("c", "Trần Văn Minh") == "per:tran-van-minh-2"
    assert linked.entity_of("a", "Trần Văn Minh") == "per:tran-van-minh"
    assert con.execute("SELECT name FROM entities WHERE id = 'per:tran-van-minh'").fetchone() == ("Trần Văn Minh (colonel)",)
    assert linked.entity_of("b", "Nguyen Thi Lan") == "per:tran-van-minh"
    assert linked.entity_of("c", "Nguyễn Thị Lan") == "per:tran-van-minh-2"  # merged, then split off with doc c


def _state(con):
    return (con.execute('SELECT doc_rowid, start, "end", type, entity_id FROM mentions ORDER BY 1, 2, 3, 4').fetchall(),
            con.execute("SELECT * FROM entities ORDER BY id").fetchall(),
            con.execute("SELECT * FROM entity_names ORDER BY entity_id, name").fetchall(),
            con.execute("SELECT * FROM entity_redirects ORDER BY from_id").fetchall())


def test_undo_restores_the_linker_state_and_redo(linked):
    con = linked.con
    before = _state(con)
    m = c.merge(con, "per:tran-van-minh", "per:nguyen-thi-lan")
    merged = _state(con)
    u = c.undo(con, author="bob")
    assert u.correction.args == {"target": m.correction.id}
    assert _state(con) == before
    assert c.redirect_of(con, "per:nguyen-thi-lan") is None
    c.undo(con, u.correction.id)  # undoing the undo puts the merge back
    assert _state(con) == merged
    with pytest.raises(UsageError, match="already undone"):
        c.undo(con, u.correction.id)


def test_undo_without_id_walks_back(linked):
    con = linked.con
    before = _state(con)
    c.alias_remove(con, "per:tran-van-minh", "Giang")
    c.split(con, "per:tran-van-minh", docs=[linked.docs["c"].id])
    c.undo(con)
    c.undo(con)
    assert _state(con) == before
    with pytest.raises(UsageError, match="nothing to undo"):
        c.undo(con)


def test_log_is_append_only(linked):
    con = linked.con
    c.merge(con, "per:tran-van-minh", "per:nguyen-thi-lan", author="ana", note="same person")
    first = con.execute("SELECT * FROM corrections").fetchall()
    c.undo(con, author="bob")
    c.alias_remove(con, "per:tran-van-minh", "Giang")
    rows = con.execute("SELECT * FROM corrections ORDER BY id").fetchall()
    assert rows[: len(first)] == first and len(rows) == 3
    log = c.entries(con)
    assert [e.op for e in log] == ["merge", "undo", "alias_remove"]
    assert log[0].author == "ana" and log[0].note == "same person" and log[0].at.endswith("+00:00")
    assert json.loads(rows[0][4]) == {"into": "per:tran-van-minh", "other": "per:nguyen-thi-lan"}
    assert c.in_force(log) == {1: False, 2: True, 3: True}
    for sql in ("UPDATE corrections SET author = 'x'", "DELETE FROM corrections"):
        with pytest.raises(Exception, match="append-only"):
            con.execute(sql)
    assert con.execute("SELECT count(*) FROM corrections").fetchone()[0] == 3


def test_default_author_is_the_os_user(linked):
    r = c.rename(linked.con, "per:tran-van-minh", "X")
    assert r.correction.author == c.default_author() and r.correction.author


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda con, d: c.merge(con, "per:tran-van-minh", "per:tran-van-minh"), UsageError, "with itself"),
        (lambda con, d: c.merge(con, "per:tran-van-minh", "per:nobody"), NotFound, "no entity"),
        (lambda con, d: c.merge(con, "luong-cuong", "ha-noi"), UsageError, "one type"),
        (lambda con, d: c.rename(con, "per:nobody", "X"), NotFound, "no entity"),
        (lambda con, d: c.rename(con, "per:tran-van-minh", "  "), UsageError, "empty"),
        (lambda con, d: c.alias_add(con, "per:nobody", "X"), NotFound, "no entity"),
        (lambda con, d: c.split(con, "per:tran-van-minh"), UsageError, "--name"),
        (lambda con, d: c.split(con, "per:tran-van-minh", names=["Nobody"]), UsageError, "no mention"),
        (lambda con, d: c.split(con, "per:tran-van-minh", names=["Giang"], new_id="luong-cuong"), UsageError, "taken"),
        (lambda con, d: c.reassign(con, d["a"].id, 0, 3, None), NotFound, "no mention"),
        (lambda con, d: c.reassign(con, "ffffffffffff", 0, 3, None), NotFound, "no document"),
        (lambda con, d: c.reassign(con, d["a"].id, 16, 27, "per:nobody"), NotFound, "no entity"),
        (lambda con, d: c.undo(con, 99), NotFound, "no correction"),
    ],
)
def test_bad_corrections_are_refused_and_not_logged(linked, call, error, match):
    with pytest.raises(error, match=match):
        call(linked.con, linked.docs)
    assert linked.con.execute("SELECT count(*) FROM corrections").fetchone()[0] == 0


def test_a_merged_away_id_is_refused_with_its_target(linked):
    c.merge(linked.con, "per:tran-van-minh", "per:nguyen-thi-lan")
    with pytest.raises(UsageError, match="merged into 'per:tran-van-minh'"):
        c.alias_add(linked.con, "per:nguyen-thi-lan", "Lan")


def test_a_later_batch_gets_the_corrections_from_the_linker(linked, make_doc):
    """The store links each batch and the linker replays the corrections for it."""
    con = linked.con
    c.alias_remove(con, "per:tran-van-minh", "Giang")
    c.merge(con, "per:tran-van-minh", "per:nguyen-thi-lan")
    d = make_doc("Giang, Trần Văn Minh and Nguyen Thi Lan met again.", "en", source="d.txt")
    for surface in ("Giang", "Trần Văn Minh", "Nguyen Thi Lan"):
        start = d.text.index(surface)
        d.add_mention(start, start + len(surface), "PER", "test.v1").entity_id = (
            "per:tran-van-minh" if surface == "Giang" else None)
    linked.store.write_batch([d], [], 2)
    (rowid,) = con.execute("SELECT rowid FROM documents WHERE id = ?", (d.id,)).fetchone()
    ents = con.execute("SELECT start, entity_id FROM mentions WHERE doc_rowid = ? ORDER BY start", (rowid,)).fetchall()
    assert ents == [(0, None), (7, "per:tran-van-minh"), (25, "per:tran-van-minh")]


def test_redirects_follow_chains_of_merges_and_undo_of_the_first(linked):
    con = linked.con
    first = c.merge(con, "per:tran-van-minh", "per:nguyen-thi-lan")
    c.merge(con, "luong-cuong", "per:tran-van-minh")
    assert c.redirect_of(con, "per:nguyen-thi-lan")[0] == "luong-cuong"
    assert linked.entity_of("b", "Nguyen Thi Lan") == linked.entity_of("b", "Tran Van Minh") == "luong-cuong"
    c.undo(con, first.correction.id)
    assert c.redirect_of(con, "per:nguyen-thi-lan") is None
    assert linked.entity_of("b", "Nguyen Thi Lan") == "per:nguyen-thi-lan"
    assert linked.entity_of("b", "Tran Van Minh") == "luong-cuong"
