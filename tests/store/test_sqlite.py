"""The SQLite store on a real file: batches, idempotence, duplicates, migrations, filters, search."""

from __future__ import annotations

import pytest
import sqlean as sqlite3

from newsgraph.errors import NotADatabase, SchemaTooNew
from newsgraph.model.document import Published, Rejection
from newsgraph.search import search
from newsgraph.store import Filters
from newsgraph.store.sqlite import SQLiteStore

ARTICLE = (
    "The Ministry of National Defence held a conference on December 27 to review defence diplomacy in 2024 "
    "and set tasks for 2025. Deputy Minister Hoàng Xuân Chiến praised the efforts of units and soldiers. "
    "Delegates discussed peacekeeping officers in South Sudan and Abyei, where engineers and a field hospital serve."
)


def doc(make_doc, text, lang="en", date=None, precision="day", source=None, **meta):
    d = make_doc(text, lang, source=source or f"{abs(hash(text))}.txt", **meta)
    d.title = text.split(".")[0]
    if date:
        d.published = Published(date, precision, "header")
    return d


def test_write_and_read_back_contract_shape(store, make_doc):
    d = doc(make_doc, ARTICLE, date="2024-12-27")
    res = store.write_batch([d], [], run_id=1)
    assert res.stored == [d.id]
    got = store.get_document(d.id)
    assert set(got) == {"id", "source", "title", "text", "lang", "published", "mentions", "story_id"}
    assert got["text"] == ARTICLE
    assert got["published"] == {"date": "2024-12-27", "precision": "day", "source": "header"}
    assert store.get_document(d.id[:6])["id"] == d.id  # unique prefix


def test_rewrite_same_document_is_noop(store, make_doc):
    d = doc(make_doc, ARTICLE)
    store.write_batch([d], [], 1)
    res = store.write_batch([d], [], 2)
    assert res.unchanged == [d.id] and not res.stored
    assert store.stats()["documents"] == 1


def test_exact_duplicate_under_other_identity_is_stored_and_marked(store, make_doc):
    a = doc(make_doc, ARTICLE, url="https://a.example/1")
    b = doc(make_doc, ARTICLE, url="https://b.example/2")
    store.write_batch([a], [], 1)
    res = store.write_batch([b], [], 1)
    assert res.duplicates == [(b.source, a.id)]
    assert store.get_document(b.id, detail=True)["detail"]["duplicate_kind"] == "exact"


def test_near_duplicate_is_grouped_not_dropped(store, make_doc):
    a = doc(make_doc, ARTICLE)
    b = doc(make_doc, ARTICLE.replace("praised", "commended").replace("discussed", "reviewed"))
    c = doc(make_doc, ARTICLE.replace("praised", "lauded").replace("discussed", "talked about"))
    other = doc(make_doc, "A typhoon hit the central coast on Tuesday, damaging houses and crops in three provinces.")
    store.write_batch([a, b], [], 1)
    store.write_batch([c, other], [], 1)
    assert store.stats()["documents"] == 4
    for x in (b, c):
        detail = store.get_document(x.id, detail=True)["detail"]
        assert detail["duplicate_kind"] == "near" and detail["duplicate_of"] == a.id  # one group, led by the first
    assert store.get_document(other.id, detail=True)["detail"]["duplicate_of"] is None


def test_batch_is_atomic(store, make_doc):
    good = doc(make_doc, ARTICLE)
    bad = doc(make_doc, "x")
    bad.langs = [("en", object())]  # not JSON-serialisable → the write fails mid-batch
    bad.lang_confidence = "not a number"  # type: ignore[assignment]
    with pytest.raises(Exception):  # noqa: B017
        store.write_batch([good, bad], [], 1)
    assert store.stats()["documents"] == 0  # the good one was rolled back with it


def test_rejections_are_recorded_per_run(store):
    run = store.start_run({"paths": ["x"]})
    store.write_batch([], [Rejection("bad.txt", "read", "NG102", "binary")], run)
    assert store.rejections(run)[0]["code"] == "NG102"


def test_filters_overlap_month_precision(store, make_doc):
    day = doc(make_doc, ARTICLE, date="2024-12-27")
    month = doc(make_doc, "Une conférence sur la diplomatie de défense en décembre.", "fr", date="2023-12", precision="month")
    none = doc(make_doc, "Undated article about the army and its training.")
    store.write_batch([day, month, none], [], 1)
    ids = lambda f: {d["id"] for d in store.list_documents(f, 50)}  # noqa: E731
    assert ids(Filters(since="2023-12-15", until="2023-12-20")) == {month.id}
    assert ids(Filters(since="2024")) == {day.id}
    assert ids(Filters(lang=("fr",))) == {month.id}
    assert ids(Filters()) == {day.id, month.id, none.id}


def test_keyword_search_folds_diacritics_and_case(store, make_doc):
    vi = doc(make_doc, "Chủ tịch nước Lương Cường tiếp Đại sứ tại Điện Biên Phủ.", "vi")
    store.write_batch([doc(make_doc, ARTICLE), vi], [], 1)
    for q in ("luong cuong", "Lương Cường", "LUONG CUONG", '"dien bien phu"', "dai su"):
        assert [h["id"] for h in search(store, q)["hits"]] == [vi.id], q
    assert search(store, "xuan chien")["total"] == 1


def test_search_pagination_with_cursor(store, make_doc):
    docs = [doc(make_doc, f"Army report number {i} on training and readiness {i * 7919}.") for i in range(7)]
    store.write_batch(docs, [], 1)
    seen, cursor = [], None
    while True:
        page = search(store, "army", limit=3, cursor=cursor)
        seen += [h["id"] for h in page["hits"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(d.id for d in docs)


def test_schema_version_and_migrations_recorded(tmp_path):
    s = SQLiteStore(str(tmp_path / "a.db"))
    assert s.schema_version >= 2
    s.close()
    con = sqlite3.connect(tmp_path / "a.db")
    names = [r[0] for r in con.execute("SELECT name FROM migrations ORDER BY name")]
    assert names[:2] == ["001_documents", "002_runs"]
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_refused(tmp_path):
    SQLiteStore(str(tmp_path / "a.db")).close()
    con = sqlite3.connect(tmp_path / "a.db")
    con.execute("INSERT INTO migrations VALUES ('999_future', 'x')")
    con.commit()
    con.close()
    with pytest.raises(SchemaTooNew):
        SQLiteStore(str(tmp_path / "a.db"))


def test_old_database_is_upgraded(tmp_path):
    """A file with only the first migration (an older newsgraph) gets the missing ones on open."""
    from newsgraph.store.migrations import MIGRATIONS

    con = sqlite3.connect(tmp_path / "old.db")
    con.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    MIGRATIONS[0][1](con)
    con.execute("INSERT INTO migrations VALUES ('001_documents', 'then')")
    con.commit()
    con.close()
    s = SQLiteStore(str(tmp_path / "old.db"))
    assert s.start_run({}) >= 1  # runs table exists now
    s.close()


def test_not_a_database_is_a_clear_error(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("hello, not a database")
    with pytest.raises(NotADatabase):
        SQLiteStore(str(p))


def test_raw_input_and_its_hash_are_kept(store, make_doc):
    d = doc(make_doc, ARTICLE)
    d.raw = "<p>" + ARTICLE + "</p>"
    d.raw_hash = "ab" * 32
    store.write_batch([d], [], 1)
    assert store.raw_text(d.id) == d.raw
    assert store.get_document(d.id, detail=True)["detail"]["raw_hash"] == "ab" * 32


def test_mentions_round_trip_with_attrs(store, make_doc):
    d = doc(make_doc, "Directive 53-CT/TU dated December 5, 2023 guides the plan.")
    d.add_mention(0, 18, "DOCREF", "test.v1", attrs={"code": "53-CT/TU", "kind": "directive"})
    d.add_mention(19, 41, "DATE", "test.v1")
    store.write_batch([d], [], 1)
    got = store.get_document(d.id)["mentions"]
    assert got[0] == {"start": 0, "end": 18, "text": "Directive 53-CT/TU", "type": "DOCREF", "entity_id": None,
                      "attrs": {"code": "53-CT/TU", "kind": "directive"}}
    assert "attrs" not in got[1]


def test_yo_is_folded_to_ye_and_older_stores_are_refolded(tmp_path, make_doc):
    """Горбачёв and Горбачев find each other; a store written before fold() mapped ё (migration 010)
    gets its full-text rows and name keys re-folded on open (FTS5's unicode61 folds ё itself, so search
    worked before too; the linker's name keys did not: Горбачёв and Горбачев were two people)."""
    from newsgraph.store.fts import index_text

    path = str(tmp_path / "yo.db")
    s = SQLiteStore(path)
    d = doc(make_doc, "Михаил Горбачёв посетил Ханой. Ёлки стояли у входа.", lang="ru")
    s.write_batch([d], [], 1)
    assert [h["id"] for h in search(s, "Горбачев")["hits"]] == [d.id]
    assert [h["id"] for h in search(s, "горбачёв")["hits"]] == [d.id]
    # make it look as an older newsgraph left it: ё kept in the index and the keys, 010 not applied
    (rowid,) = s.con.execute("SELECT rowid FROM documents WHERE id = ?", (d.id,)).fetchone()
    old = index_text(" ".join(w.lower() for w in d.text.split()))  # lower case, ё kept: the old folding
    s.con.execute("DELETE FROM documents_fts WHERE rowid = ?", (rowid,))
    s.con.execute("INSERT INTO documents_fts (rowid, title, body) VALUES (?, ?, ?)", (rowid, "", old))
    s.con.execute("INSERT INTO entities (id, type, name, origin) VALUES ('per:x', 'PER', 'Горбачёв', 'learned')")
    s.con.execute("INSERT INTO entity_names (entity_id, name, key, origin) VALUES ('per:x', 'Горбачёв', 'горбачёв', 'text')")
    s.con.execute("INSERT INTO entity_keys (key, type, entity_id, name) VALUES ('fold:горбачёв', 'PER', 'per:x', 'Горбачёв')")
    s.con.execute("DELETE FROM migrations WHERE name = '010_fold_yo'")
    s.con.commit()
    s.close()
    s = SQLiteStore(path)
    assert [h["id"] for h in search(s, "Горбачев")["hits"]] == [d.id]
    assert s.con.execute("SELECT key FROM entity_names WHERE entity_id = 'per:x'").fetchone()[0] == "горбачев"
    assert [k for (k,) in s.con.execute("SELECT key FROM entity_keys WHERE entity_id = 'per:x'")] == ["fold:горбачев"]
    s.close()
