"""/api/stories: the list with filters, one story, its documents."""

from __future__ import annotations

from .test_api_search import walk


def test_stories_paged_latest_first(api):
    items, total, _ = walk(api, "/api/stories", limit=5)
    ids = [s["id"] for s in items]
    assert len(ids) == len(set(ids)) == total > 5
    last = [s["last_seen"] for s in items]
    assert last == sorted(last, reverse=True)
    assert {"id", "title", "size", "languages", "first_seen", "last_seen"} <= set(items[0])
    big, _, _ = walk(api, "/api/stories", min_size=3)
    assert big and all(s["size"] >= 3 for s in big)


def test_stories_filtered_by_their_documents(api):
    ar, _, _ = walk(api, "/api/stories", lang="ar")
    assert ar and all("ar" in s["languages"] for s in ar)
    assert len(ar) < len(walk(api, "/api/stories")[0])


def test_one_story(api):
    sid = api.get("/api/stories", params={"min_size": 3, "limit": 1}).json()["items"][0]["id"]
    s = api.get(f"/api/stories/{sid}").json()
    assert s["id"] == sid and s["documents_total"] == s["size"] >= 3
    assert sum(len(v) for v in s["by_language"].values()) == s["size"]
    assert s["summary"] and all(x["document"] in s["documents"] for x in s["summary"])
    doc = api.get(f"/api/documents/{s['summary'][0]['document']}").json()
    x = s["summary"][0]
    assert doc["text"][x["start"]:x["end"]] == x["text"]
    docs, total, _ = walk(api, f"/api/stories/{sid}/documents", limit=2)
    assert total == s["size"] and {d["id"] for d in docs} == set(s["documents"])


def test_unknown_story_is_404(api):
    for path in ("/api/stories/st-nope", "/api/stories/st-nope/documents"):
        r = api.get(path)
        assert r.status_code == 404 and "no story" in r.json()["error"]
