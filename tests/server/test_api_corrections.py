"""Corrections over HTTP on a private copy of the sample store: the token rule, entity and story
round trips (correct, see it, follow the redirect, undo), the log, and a re-ingest that keeps them."""

from __future__ import annotations

import httpx
import pytest

import newsgraph
from newsgraph.fixtures import sample_corpus
from newsgraph.reprocess import reprocess

from .conftest import FOLDERS, sample_settings

TOKEN = "test-token-0123456789abcdef"


@pytest.fixture
def writer(serve, sample_db):
    """(reader without a token, writer with the write token) on a private store."""
    server = serve(sample_db)
    with httpx.Client(base_url=server.url, timeout=60) as reader, \
            httpx.Client(base_url=server.url, timeout=60, headers={"X-Newsgraph-Token": server.write_token}) as w:
        yield reader, w


def test_writes_without_the_token_are_refused(writer, serve, sample_db):
    reader, _ = writer
    r = reader.post("/api/entities/per:ernesto-lazo-miranda/merge", json={"other": "per:lazo-miranda"})
    assert r.status_code == 403 and "token" in r.json()["error"]
    assert reader.delete("/api/corrections/1", headers={"X-Newsgraph-Token": "wrong"}).status_code == 403
    assert reader.get("/api/corrections").json()["total"] == 0
    guarded = serve(sample_db, token=TOKEN)
    assert httpx.get(f"{guarded.url}/api/corrections").status_code == 401
    r = httpx.post(f"{guarded.url}/api/stories/st-x/merge", json={"other": "st-y"})
    assert r.status_code == 401
    ok = httpx.get(f"{guarded.url}/api/corrections", headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200


def test_entity_merge_redirect_and_undo(writer):
    reader, w = writer
    before = reader.get("/api/entities/per:ernesto-lazo-miranda").json()
    r = w.post("/api/entities/per:ernesto-lazo-miranda/merge", json={"other": "per:lazo-miranda", "note": "same man"},
               headers={"X-Newsgraph-Author": "ana"})
    assert r.status_code == 201, r.text
    c = r.json()["correction"]
    assert c["op"] == "merge" and c["author"] == "ana" and c["note"] == "same man" and c["at"]
    merged = reader.get("/api/entities/per:ernesto-lazo-miranda").json()
    assert merged["documents_total"] > before["documents_total"]
    moved = reader.get("/api/entities/per:lazo-miranda").json()
    assert moved["id"] == "per:ernesto-lazo-miranda" and moved["redirected_from"]["id"] == "per:lazo-miranda"
    docs = reader.get("/api/entities/per:lazo-miranda/documents").json()
    assert docs["total"] == merged["documents_total"]
    log = reader.get("/api/corrections", params={"kind": "entity"}).json()
    assert log["items"][0]["id"] == c["id"] and log["items"][0]["in_force"]
    undo = w.delete(f"/api/corrections/{c['id']}")
    assert undo.status_code == 201 and undo.json()["correction"]["args"] == {"target": c["id"]}
    assert reader.get("/api/entities/per:lazo-miranda").json()["id"] == "per:lazo-miranda"
    assert reader.get("/api/entities/per:ernesto-lazo-miranda").json()["documents_total"] == before["documents_total"]
    items = reader.get("/api/corrections").json()["items"]
    assert [(i["op"], i["in_force"]) for i in items] == [("undo", True), ("merge", False)]


def test_rename_aliases_split_and_reassign(writer):
    reader, w = writer
    assert w.post("/api/entities/per:gia-lam/rename", json={"name": "Gia Lâm district"}).status_code == 201
    assert reader.get("/api/entities/per:gia-lam").json()["name"] == "Gia Lâm district"
    assert w.post("/api/entities/luong-cuong/aliases", json={"name": "Chủ tịch Lương", "lang": "vi"}).status_code == 201
    names = {a["name"] for a in reader.get("/api/entities/luong-cuong").json()["aliases"]}
    assert "Chủ tịch Lương" in names
    assert w.delete("/api/entities/luong-cuong/aliases/Chủ tịch Lương").status_code == 201
    assert "Chủ tịch Lương" in reader.get("/api/entities/luong-cuong").json()["blocked_names"]
    assert w.post("/api/entities/luong-cuong/aliases", json={"name": "CT/Lương"}).status_code == 201
    assert w.delete("/api/entities/luong-cuong/aliases/CT%2FLương", params={"note": "not a name"}).status_code == 201
    assert "CT/Lương" in reader.get("/api/entities/luong-cuong").json()["blocked_names"]
    assert reader.get("/api/corrections").json()["items"][0]["note"] == "not a name"
    doc = reader.get("/api/entities/per:fidel-castro/documents", params={"limit": 1}).json()["items"][0]["id"]
    r = w.post("/api/entities/per:fidel-castro/split", json={"documents": [doc], "new_id": "per:fidel-castro-2"})
    assert r.status_code == 201, r.text
    assert reader.get("/api/entities/per:fidel-castro-2").json()["documents"] == [doc]
    mention = next(m for m in reader.get(f"/api/documents/{doc}").json()["mentions"] if m["entity_id"] == "per:fidel-castro-2")
    r = w.post("/api/mentions/reassign", json={"document": doc, "start": mention["start"], "end": mention["end"],
                                              "entity": "per:fidel-castro"})
    assert r.status_code == 201, r.text
    again = next(m for m in reader.get(f"/api/documents/{doc}").json()["mentions"] if m["start"] == mention["start"])
    assert again["entity_id"] == "per:fidel-castro"
    about = reader.get("/api/corrections", params={"about": "luong-cuong"}).json()
    assert about["total"] == 4 and all("luong-cuong" in str(c["args"]) for c in about["items"])
    castro = reader.get("/api/corrections", params=[("about", "per:fidel-castro-2"), ("about", "per:gia-lam")]).json()
    assert [c["op"] for c in castro["items"]] == ["split", "rename"]  # the reassignment names where the mention goes
    assert reader.get("/api/corrections", params={"about": "nobody"}).json()["total"] == 0


@pytest.mark.parametrize(("path", "body", "status"), [
    ("/api/entities/per:nobody/merge", {"other": "per:lazo-miranda"}, 404),
    ("/api/entities/per:lazo-miranda/merge", {"other": "per:lazo-miranda"}, 400),
    ("/api/entities/per:lazo-miranda/merge", {"other": "vn-state"}, 400),
    ("/api/entities/per:lazo-miranda/merge", {}, 422),
    ("/api/entities/per:lazo-miranda/rename", {"name": ""}, 422),
    ("/api/entities/per:lazo-miranda/split", {}, 400),
    ("/api/mentions/reassign", {"document": "nope-nope", "start": 0, "end": 3, "entity": None}, 404),
    ("/api/stories/st-nope/merge", {"other": "st-cbfa730c4cf853fa"}, 404),
    ("/api/stories/st-cbfa730c4cf853fa/split", {"documents": []}, 422),
    ("/api/documents/nope-nope/story", {"story": "st-cbfa730c4cf853fa"}, 404),
])
def test_bad_corrections_are_refused_and_not_logged(writer, path, body, status):
    reader, w = writer
    r = w.post(path, json=body)
    assert r.status_code == status, r.text
    assert r.json()["error"]
    assert reader.get("/api/corrections").json()["total"] == 0


def test_undo_of_unknown_correction_is_404(writer):
    _, w = writer
    assert w.delete("/api/corrections/999").status_code == 404
    assert w.delete("/api/corrections/abc").status_code == 422


def _two_stories(reader):
    items = reader.get("/api/stories", params={"min_size": 2, "limit": 50}).json()["items"]
    return items[0]["id"], items[1]["id"]


def test_story_merge_move_split_and_undo(writer):
    reader, w = writer
    a, b = _two_stories(reader)
    size_a, size_b = (reader.get(f"/api/stories/{s}").json()["size"] for s in (a, b))
    r = w.post(f"/api/stories/{a}/merge", json={"other": b, "author": "ana"})
    assert r.status_code == 201 and r.json()["correction"]["author"] == "ana"
    assert reader.get(f"/api/stories/{a}").json()["size"] == size_a + size_b
    moved = reader.get(f"/api/stories/{b}").json()
    assert moved["id"] == a and moved["redirected_from"]["id"] == b
    assert w.delete(f"/api/corrections/{r.json()['correction']['id']}").status_code == 201
    assert reader.get(f"/api/stories/{b}").json()["size"] == size_b

    doc = reader.get(f"/api/stories/{b}").json()["documents"][0]
    r = w.post(f"/api/documents/{doc}/story", json={"story": a})
    assert r.status_code == 201, r.text
    assert reader.get(f"/api/documents/{doc}").json()["story"]["id"] == a
    log = reader.get("/api/corrections", params={"kind": "story"}).json()
    assert [i["op"] for i in log["items"]] == ["story_move", "undo", "story_merge"]
    assert w.delete(f"/api/corrections/{r.json()['correction']['id']}").status_code == 201
    assert reader.get(f"/api/documents/{doc}").json()["story_id"] == b

    r = w.post(f"/api/stories/{b}/split", json={"documents": [doc]})
    assert r.status_code == 201, r.text
    assert reader.get(f"/api/documents/{doc}").json()["story_id"] == r.json()["correction"]["args"]["new_id"]


def test_a_correction_survives_a_re_ingest(serve, sample_db):
    """Ingesting the corpus again (and re-processing it, which re-links every mention) keeps it."""
    server = serve(sample_db)
    with httpx.Client(base_url=server.url, timeout=60, headers={"X-Newsgraph-Token": server.write_token}) as c:
        assert c.post("/api/entities/per:ernesto-lazo-miranda/merge", json={"other": "per:lazo-miranda"}).status_code == 201
        assert c.post("/api/entities/per:gia-lam/rename", json={"name": "Gia Lâm district"}).status_code == 201
        with newsgraph.open(str(sample_db), sample_settings(sample_db)) as ng:
            ng.ingest([str(sample_corpus() / f) for f in FOLDERS])
            reprocess(ng.store, ng.settings)
        assert c.get("/api/entities/per:lazo-miranda").json()["id"] == "per:ernesto-lazo-miranda"
        assert c.get("/api/entities/per:gia-lam").json()["name"] == "Gia Lâm district"
        assert [i["in_force"] for i in c.get("/api/corrections").json()["items"]] == [True, True]
