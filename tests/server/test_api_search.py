"""/api/search over the real server and the sample store: modes, filters, paging, facets, errors."""

from __future__ import annotations

import httpx
import pytest


def walk(api, path, **params):
    """Every item of a paged list, following next_cursor; asserts the pages agree with `total`."""
    items, cursor, pages = [], None, 0
    while True:
        r = api.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200, r.text
        body = r.json()
        key = "hits" if "hits" in body else "items"
        items += body[key]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    return items, body["total"], pages


def test_keyword_search_hits_have_snippets_and_highlights(api):
    body = api.get("/api/search", params={"q": "defence", "mode": "keyword"}).json()
    assert body["mode"] == "keyword" and body["total"] > 5
    for hit in body["hits"]:
        assert {"id", "source", "title", "lang", "published", "score", "snippet", "highlights", "explain"} <= hit.keys()
        for s, e in hit["highlights"]:
            assert hit["snippet"][s:e].lower().startswith("defen")


def test_pages_walk_every_hit_once(api):
    hits, total, pages = walk(api, "/api/search", q="defence", mode="keyword", limit=7)
    ids = [h["id"] for h in hits]
    assert len(ids) == len(set(ids)) == total and pages == -(-total // 7)


@pytest.mark.parametrize("mode", ["semantic", "hybrid"])
def test_semantic_modes_page_through_their_ranked_set(api, mode):
    hits, total, _ = walk(api, "/api/search", q="military parade", mode=mode, limit=25)
    ids = [h["id"] for h in hits]
    assert len(ids) == len(set(ids)) == total > 25


@pytest.mark.parametrize("mode", ["semantic", "hybrid"])
def test_a_french_query_finds_the_english_article(api, mode):
    hits = api.get("/api/search", params={"q": "défilé militaire pour les 50 ans de la réunification", "mode": mode,
                                          "limit": 5}).json()["hits"]
    english = [h for h in hits if h["lang"] == "en"]
    assert any("reunification" in h["title"] for h in english)


def test_keyword_facets_count_every_matching_document(api):
    body = api.get("/api/search", params={"q": "defence", "mode": "keyword"}).json()
    hits, total, _ = walk(api, "/api/search", q="defence", mode="keyword", limit=100)
    f = body["facets"]
    assert sum(f["lang"].values()) == total
    by_lang: dict[str, int] = {}
    for h in hits:
        by_lang[h["lang"]] = by_lang.get(h["lang"], 0) + 1
    assert f["lang"] == by_lang
    dated = [h for h in hits if h["published"] and h["published"]["precision"] in ("day", "month")]
    assert sum(f["month"].values()) == len(dated)
    assert all(len(m) == 7 for m in f["month"])
    assert sum(s["count"] for s in f["story"]) <= total and len(f["story"]) <= 10
    assert all(s["title"] for s in f["story"]) and max(f["entity_type"].values()) <= total


def test_facets_follow_the_filters_but_months_ignore_dates(api):
    whole = api.get("/api/search", params={"q": "defence", "mode": "keyword"}).json()
    brushed = api.get("/api/search", params={"q": "defence", "mode": "keyword", "since": "2024-12", "until": "2024-12"}).json()
    assert brushed["facets"]["month"] == whole["facets"]["month"]
    assert brushed["total"] == sum(brushed["facets"]["lang"].values()) < whole["total"]
    assert all(h["published"]["date"].startswith("2024-12") for h in brushed["hits"])
    fr = api.get("/api/search", params={"q": "défense", "mode": "keyword", "lang": "fr"}).json()
    assert set(fr["facets"]["lang"]) == {"fr"} and all(h["lang"] == "fr" for h in fr["hits"])


def test_semantic_facets_count_the_ranked_set(api):
    hits, total, _ = walk(api, "/api/search", q="defence cooperation", mode="hybrid", limit=100)
    f = api.get("/api/search", params={"q": "defence cooperation", "mode": "hybrid", "lang": "en,fr"}).json()["facets"]
    assert set(f["lang"]) <= {"en", "fr"}
    whole = api.get("/api/search", params={"q": "defence cooperation", "mode": "hybrid"}).json()["facets"]
    assert sum(whole["lang"].values()) == total == len(hits)


def test_lang_filter_repeated_or_comma_separated(api):
    a = api.get("/api/search", params=[("q", "defence"), ("mode", "keyword"), ("lang", "en"), ("lang", "fr")]).json()
    b = api.get("/api/search", params={"q": "defence", "mode": "keyword", "lang": "en,fr"}).json()
    assert a["total"] == b["total"] and {h["lang"] for h in a["hits"]} <= {"en", "fr"}


@pytest.mark.parametrize(("params", "status", "words"), [
    ({"q": "   "}, 400, "empty"),
    ({}, 422, "q"),
    ({"q": "x", "mode": "fuzzy"}, 422, "mode"),
    ({"q": "x", "since": "2024-13"}, 400, "not a date"),
    ({"q": "x", "until": "yesterday"}, 400, "not a date"),
    ({"q": "x", "cursor": "!!!"}, 400, "cursor"),
    ({"q": "x", "limit": 0}, 422, "limit"),
])
def test_bad_parameters_get_the_error_shape(api, params, status, words):
    r = api.get("/api/search", params=params)
    assert r.status_code == status
    body = r.json()
    assert words in body["error"] and body["code"].startswith("NG")


def test_limit_is_capped_by_max_page(serve, sample_db_template):
    server = serve(sample_db_template, **{"serve.max_page": 5})
    body = httpx.get(f"{server.url}/api/search", params={"q": "defence", "mode": "keyword", "limit": 1000}).json()
    assert len(body["hits"]) == 5 and body["next_cursor"]


def test_entity_type_filter_keeps_documents_with_such_a_mention(api):
    whole = api.get("/api/search", params={"q": "defence", "mode": "keyword"}).json()
    n_docref = whole["facets"]["entity_type"]["DOCREF"]
    assert 0 < n_docref < whole["total"]
    got = api.get("/api/search", params={"q": "defence", "mode": "keyword", "entity_type": "docref"}).json()
    assert got["total"] == n_docref == got["facets"]["entity_type"]["DOCREF"] == sum(got["facets"]["lang"].values())
    for h in got["hits"]:
        mentions = api.get(f"/api/documents/{h['id']}").json()["mentions"]
        assert any(m["type"] == "DOCREF" for m in mentions)
    either = api.get("/api/search", params=[("q", "defence"), ("mode", "keyword"), ("entity_type", "DOCREF"),
                                            ("entity_type", "TITLE")]).json()
    assert either["total"] >= max(n_docref, whole["facets"]["entity_type"].get("TITLE", 0))
    hybrid = api.get("/api/search", params={"q": "defence", "mode": "hybrid", "entity_type": "DOCREF"}).json()
    assert hybrid["hits"] and set(hybrid["facets"]["entity_type"]) >= {"DOCREF"}
    assert hybrid["facets"]["entity_type"]["DOCREF"] == hybrid["total"]
    docs = api.get("/api/documents", params={"entity_type": "DOCREF", "limit": 100}).json()
    assert docs["total"] >= n_docref > 0
