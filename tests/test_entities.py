"""entity and who: pack knowledge joined with the mentions stored in documents."""

from __future__ import annotations

import pytest

from newsgraph.entities import entity_record, who
from newsgraph.errors import NotFound
from newsgraph.model.document import Published


def _doc(make_doc, text, lang, date, links):
    d = make_doc(text, lang, source=f"{lang}-{date}.txt")
    d.title = text[:20]
    d.published = Published(date, "day", "header")
    for needle, entity_id, typ, attrs in links:
        start = text.index(needle)
        m = d.add_mention(start, start + len(needle), typ, "test.v1", attrs=attrs)
        m.entity_id = entity_id
    return d


@pytest.fixture
def linked(store, make_doc):
    title = {"titles": [{"post_id": "state-president", "title": "State President"}]}
    a = _doc(make_doc, "State President Lương Cường met Phan Văn Giang in Hà Nội.", "en", "2024-12-12",
             [("Lương Cường", "luong-cuong", "PER", title), ("Phan Văn Giang", "phan-van-giang", "PER", {})])
    b = _doc(make_doc, "Luong Cuong addressed the army conference.", "en", "2024-12-26",
             [("Luong Cuong", "luong-cuong", "PER", title)])
    c = _doc(make_doc, "国家主席梁强会见大使。", "zh", "2024-12-20", [("梁强", "luong-cuong", "PER", {})])
    store.write_batch([a, b, c], [], 1)
    return store, (a, b, c)


def test_entity_record_has_contract_fields_and_evidence(linked):
    store, (a, b, c) = linked
    rec = entity_record(store, "luong-cuong")
    assert {"id", "type", "name", "aliases", "roles", "documents"} <= set(rec)
    assert rec["type"] == "PER" and rec["name"] == "Lương Cường"
    assert sorted(rec["documents"]) == sorted([a.id, b.id, c.id])
    scripts = {x["script"] for x in rec["aliases"]}
    assert {"Latn", "Hani"} <= scripts
    assert any(r["post_id"] == "state-president" and r["source"].startswith("pack:vietnam") for r in rec["roles"])
    text_role = rec["roles_from_text"][0]
    assert (text_role["first_seen"], text_role["last_seen"]) == ("2024-12-12", "2024-12-26")
    assert (text_role["post_id"], text_role["title"]) == ("state-president", "State President")
    assert rec["origin"] == "pack:vietnam"
    assert rec["co_mentioned"] == [{"id": "phan-van-giang", "documents": 1}]
    assert rec["mentions_by_lang"] == {"en": 2, "zh": 1}


def test_who_answers_from_pack_with_sources_and_documents(linked):
    store, (a, b, c) = linked
    holders = who(store, "State President", "2024-12-01")
    assert [h["id"] for h in holders] == ["luong-cuong"]
    assert holders[0]["source"] and set(holders[0]["documents"]) == {a.id, b.id, c.id}
    assert [h["id"] for h in who(store, "Chủ tịch nước", "2023-07-03")] == ["vo-van-thuong"]


def test_unknown_entity(store):
    with pytest.raises(NotFound):
        entity_record(store, "no-such-entity")


def test_pack_entity_name_is_in_the_packs_first_language(store):
    """Countries (world pack) show their English name; Vietnam pack entities their Vietnamese one."""
    assert entity_record(store, "geo:jp")["name"] == "Japan"
    assert entity_record(store, "vn-mod")["name"] == "Bộ Quốc phòng"
