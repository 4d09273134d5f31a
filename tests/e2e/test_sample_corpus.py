"""End to end over the bundled sample corpus, checked against its MANIFEST (what a careful reader finds)."""

from __future__ import annotations

import json

import pytest

import newsgraph
from newsgraph.fixtures import manifest_source, sample_config, sample_corpus

MANIFEST = json.loads((sample_corpus().parent / "MANIFEST.json").read_text(encoding="utf-8"))
ITEMS = [i for i in MANIFEST["items"] if not i["bad"]]
BAD = [i for i in MANIFEST["items"] if i["bad"]]


def _source(item: dict) -> str:
    return str(sample_corpus() / manifest_source(item))


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    db = tmp_path_factory.mktemp("sample") / "sample.db"
    settings = newsgraph.load_settings(config_file=sample_config(), environ={})
    with newsgraph.open(str(db), settings) as ng:
        report = ng.ingest([str(sample_corpus())])
        by_source = {d["source"]: d for d in ng.iter_documents()}
        yield ng, report, by_source


def _doc(sample, item):
    by_source = sample[2]
    src = _source(item)
    if src in by_source:
        return by_source[src]
    twins = [i for i in MANIFEST["items"] if item["path"] in (i.get("duplicate_of"), i["path"]) or i["path"] == item.get("duplicate_of")]
    for twin in twins:  # an exact copy is stored once, under whichever source was read first
        if _source(twin) in by_source:
            return by_source[_source(twin)]
    raise AssertionError(f"{src} not stored; stored: {sorted(by_source)[:3]}…")


def _id(item):
    return f"{item['path']}|{item['item'] or ''}"


@pytest.mark.parametrize("item", ITEMS, ids=_id)
def test_language(sample, item):
    assert _doc(sample, item)["lang"] == item["lang"]


@pytest.mark.parametrize("item", ITEMS, ids=_id)
def test_date_and_precision(sample, item):
    pub = _doc(sample, item)["published"]
    got = (pub["date"], pub["precision"]) if pub else (None, None)
    assert got == (item["date"], item["precision"]), pub


@pytest.mark.parametrize("item", ITEMS, ids=_id)
def test_boilerplate_removed_and_text_kept(sample, item):
    text = _doc(sample, item)["text"]
    for s in item["must_not_contain"]:
        assert s not in text
    for s in item["must_contain"]:
        assert " ".join(s.split()) in " ".join(text.split())


def test_bad_items_rejected_with_reasons(sample):
    _, report, by_source = sample
    rejected = {r.source: r.code for r in report.rejected}
    for item in BAD:
        assert _source(item) in rejected, item["path"]
        assert _source(item) not in by_source
    assert report.exit_status == 1


def test_near_duplicates_grouped_not_dropped(sample):
    ng, _, by_source = sample
    for item in ITEMS:
        if item.get("near_duplicate_of"):
            a = ng.document(_doc(sample, item)["id"], detail=True)
            b = ng.document(by_source[str(sample_corpus() / item["near_duplicate_of"])]["id"], detail=True)
            # one group: whichever was read first leads it
            first, second = (a, b) if a["detail"]["duplicate_of"] is None else (b, a)
            assert second["detail"]["duplicate_kind"] == "near"
            assert second["detail"]["duplicate_of"] == first["id"]


def test_exact_duplicate_reported(sample):
    _, report, _ = sample
    dups = [i for i in ITEMS if i.get("duplicate_of")]
    assert len(report.duplicates) == len(dups)


def test_cross_lingual_folding_search(sample):
    ng = sample[0]
    hits = ng.search("luong cuong")["hits"]
    assert {h["lang"] for h in hits} >= {"en", "vi"}
    assert ng.search("Điện Biên Phủ")["total"] == ng.search("dien bien phu")["total"] > 0


def test_script_in_article_is_text_not_markup(sample):
    by_source = sample[2]
    page = next(d for s, d in by_source.items() if s.endswith("en-cyber-escaped-markup.html"))
    assert "<script>alert(1)</script>" in page["text"]
    assert "do-not-extract" not in page["text"]


def test_exact_copy_source_is_recorded(sample):
    ng, report, _ = sample
    (source, doc_id), = report.duplicates
    assert source in ng.document(doc_id, detail=True)["detail"]["also_seen_at"]
