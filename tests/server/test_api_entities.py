"""/api/entities, its documents, timeline and network, and /api/who."""

from __future__ import annotations

import pytest

from .test_api_search import walk


def test_entities_most_documents_first_and_paged(api):
    items, total, _ = walk(api, "/api/entities", limit=40)
    ids = [e["id"] for e in items]
    assert len(ids) == len(set(ids)) == total > 40
    counts = [e["documents"] for e in items]
    assert counts == sorted(counts, reverse=True)
    assert set(items[0]) == {"id", "type", "name", "documents"}


def test_names_match_with_case_and_diacritics_folded(api):
    for q in ("luong cuong", "LƯƠNG CƯỜNG", "Lương"):
        ids = [e["id"] for e in api.get("/api/entities", params={"q": q}).json()["items"]]
        assert "luong-cuong" in ids, q
    people = api.get("/api/entities", params={"type": "per", "limit": 100}).json()
    assert people["items"] and {e["type"] for e in people["items"]} == {"PER"}
    assert api.get("/api/entities", params={"q": "zzqqxx"}).json() == {"items": [], "next_cursor": None, "total": 0}


def test_entity_record(api):
    rec = api.get("/api/entities/phan-van-giang").json()
    assert rec["name"] == "Phan Văn Giang" and rec["type"] == "PER"
    scripts = {a["script"] for a in rec["aliases"]}
    assert {"Latn", "Arab"} <= scripts
    assert any(r["source"].startswith("pack:") for r in rec["roles"])
    assert rec["documents_total"] >= len(rec["documents"]) > 0 and len(rec["documents"]) <= 50
    assert all(c["name"] for c in rec["co_mentioned"])
    assert rec["redirected_from"] is None
    for role in rec["roles_from_text"]:
        assert len(role["evidence"]) == min(20, role["evidence_total"])


def test_entity_documents_paged_and_filtered(api):
    rec = api.get("/api/entities/phan-van-giang").json()
    items, total, _ = walk(api, "/api/entities/phan-van-giang/documents", limit=4)
    assert total == rec["documents_total"] == len({d["id"] for d in items})
    fr, _, _ = walk(api, "/api/entities/phan-van-giang/documents", lang="fr")
    assert fr and {d["lang"] for d in fr} == {"fr"}


def test_timeline_counts_agree_with_the_documents(api):
    body = api.get("/api/entities/phan-van-giang/timeline").json()
    months = body["months"]
    assert [m["month"] for m in months] == sorted(m["month"] for m in months)
    assert all(m["mentions"] >= m["documents"] > 0 for m in months)
    docs, _, _ = walk(api, "/api/entities/phan-van-giang/documents", limit=100)
    dated = [d for d in docs if d["published"] and d["published"]["precision"] in ("day", "month")]
    assert sum(m["documents"] for m in months) == len(dated)


def test_network(api):
    net = api.get("/api/entities/phan-van-giang/network", params={"limit": 5}).json()
    ids = [n["id"] for n in net["nodes"]]
    assert ids[0] == "phan-van-giang" and len(ids) == 6 and all(n["name"] for n in net["nodes"])
    assert net["edges"] and all(e["source"] in ids and e["target"] in ids and e["weight"] > 0 for e in net["edges"])
    assert net["documents_counted"] == net["documents_total"] == net["nodes"][0]["documents"]
    rec = api.get("/api/entities/phan-van-giang").json()
    assert [n["id"] for n in net["nodes"][1:]] == [c["id"] for c in rec["co_mentioned"][:5]]
    weights = {(e["source"], e["target"]): e["weight"] for e in net["edges"]}
    for c in rec["co_mentioned"][:5]:  # an edge to the entity weighs the documents they share
        assert weights[tuple(sorted(("phan-van-giang", c["id"])))] == c["documents"]
    assert api.get("/api/entities/phan-van-giang/network", params={"limit": 1000}).status_code == 422


def test_who(api):
    body = api.get("/api/who", params={"post": "Minister of National Defence", "on": "2024-06-01"}).json()
    assert [h["id"] for h in body["holders"]] == ["phan-van-giang"]
    assert len(body["holders"][0]["documents"]) <= 20
    assert api.get("/api/who", params={"post": "Minister of National Defence", "on": "June"}).status_code == 400
    assert api.get("/api/who", params={"post": "Minister of National Defence"}).status_code == 422


@pytest.mark.parametrize("path", ["", "/documents", "/timeline", "/network"])
def test_unknown_entity_is_404(api, path):
    r = api.get(f"/api/entities/per:nobody-at-all{path}")
    assert r.status_code == 404 and "no entity" in r.json()["error"]
