"""/api/documents: summaries paged and filtered, one document with its entities and story."""

from __future__ import annotations

from .test_api_search import walk


def test_walk_all_documents(api):
    items, total, pages = walk(api, "/api/documents", limit=9)
    ids = [d["id"] for d in items]
    assert len(ids) == len(set(ids)) == total == api.get("/api/stats").json()["documents"]
    assert pages == -(-total // 9)
    assert set(items[0]) == {"id", "title", "lang", "published", "source", "story_id"}
    dates = [d["published"]["date"] for d in items if d["published"]]
    assert dates == sorted(dates, reverse=True)


def test_filters(api):
    fr_ar, total, _ = walk(api, "/api/documents", lang="fr,ar", limit=100)
    assert total == len(fr_ar) > 0 and {d["lang"] for d in fr_ar} == {"fr", "ar"}
    dec, _, _ = walk(api, "/api/documents", since="2024-12-01", until="2024-12-31", limit=100)
    assert dec and all(d["published"]["date"].startswith("2024-12") for d in dec)
    giang, _, _ = walk(api, "/api/documents", entity="phan-van-giang", limit=100)
    assert giang and all("phan-van-giang" in {m["entity_id"] for m in api.get(f"/api/documents/{d['id']}").json()["mentions"]}
                         for d in giang[:5])
    story = giang[0]["story_id"]
    members, _, _ = walk(api, "/api/documents", story=story)
    assert members and {d["story_id"] for d in members} == {story}
    rss, _, _ = walk(api, "/api/documents", source=".rss", limit=100)
    assert rss and all(".rss" in d["source"] for d in rss)


def test_one_document_with_mentions_entities_and_story(api):
    first = api.get("/api/documents", params={"entity": "phan-van-giang", "limit": 1}).json()["items"][0]
    doc = api.get(f"/api/documents/{first['id']}").json()
    assert doc["text"] and doc["published"]["precision"] in ("day", "month", "year")
    linked = {m["entity_id"] for m in doc["mentions"] if m["entity_id"]}
    assert set(doc["entities"]) == linked and doc["entities"]["phan-van-giang"]["type"] == "PER"
    for m in doc["mentions"]:
        assert doc["text"][m["start"]:m["end"]] == m["text"]
    assert doc["story"]["id"] == doc["story_id"] and doc["story"]["title"]
    assert api.get(f"/api/documents/{first['id'][:6]}").json()["id"] == first["id"]


def test_unknown_document_is_404(api):
    r = api.get("/api/documents/no-such-document")
    assert r.status_code == 404 and "no document" in r.json()["error"]
