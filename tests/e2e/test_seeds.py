"""Acceptance on the five seed articles (../shared/seeds), end to end through the real CLI path."""

from __future__ import annotations

import pytest

import newsgraph
from tests.conftest import SEEDS

pytestmark = pytest.mark.seeds

BOILERPLATE_ENDINGS = ("Comment (0)", "تعليق (0)", "مصدر", "ديم ماي", "— VNS", "VNS")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    settings = newsgraph.load_settings(environ={})
    with newsgraph.open(str(db), settings) as ng:
        report = ng.ingest([str(SEEDS)])
        docs = sorted(ng.iter_documents(), key=lambda d: d["source"])
        yield ng, report, docs


def test_all_five_stored_without_rejection(seeded):
    _, report, docs = seeded
    assert report.exit_status == 0, report.rejected
    assert [d["source"].rsplit("/", 1)[-1][:3] for d in docs] == ["000", "001", "002", "003", "004"]


def test_languages(seeded):
    assert [d["lang"] for d in seeded[2]] == ["en", "en", "ar", "fr", "en"]


@pytest.mark.parametrize(
    "i,date,precision,source",
    [
        (0, "2024-12-26", "day", {"text", "inferred"}),
        (1, "2023-07-03", "day", {"header"}),
        (2, "2023-12", "month", {"text", "inferred"}),
        (3, "2024-12-27", "day", {"text", "header"}),
        (4, "2024-12-12", "day", {"header"}),
    ],
)
def test_publication_dates(seeded, i, date, precision, source):
    pub = seeded[2][i]["published"]
    assert (pub["date"], pub["precision"]) == (date, precision)
    assert pub["source"] in source


def test_no_trailing_boilerplate(seeded):
    for d in seeded[2]:
        tail = d["text"].rstrip()
        assert not tail.endswith(BOILERPLATE_ENDINGS), (d["source"], tail[-60:])
        assert tail.splitlines()[-1].strip() not in {"مصدر", "ديم ماي"}


def test_last_real_sentences_survive(seeded):
    docs = seeded[2]
    assert docs[0]["text"].rstrip().endswith("bilateral and multilateral defense cooperation.")
    assert docs[4]["text"].rstrip().endswith("in line with Resolution No.18-NQ/TW.")
    assert "في عام 2023." in docs[2]["text"].rstrip()[-40:]


def test_header_is_not_part_of_the_text(seeded):
    for d in seeded[2]:
        assert not d["text"].lstrip().startswith("date ")


def test_search_luong_cuong_finds_000_and_004_only(seeded):
    ng, _, docs = seeded
    hits = ng.search("luong cuong")["hits"]
    assert sorted(h["id"] for h in hits) == sorted([docs[0]["id"], docs[4]["id"]])


def test_reingest_is_a_noop(seeded):
    ng = seeded[0]
    again = ng.ingest([str(SEEDS)])
    assert (again.stored, again.unchanged, again.exit_status) == (0, 5, 0)
    assert ng.stats()["documents"] == 5


def test_document_references_with_dates(seeded):
    docs = seeded[2]
    refs = lambda d: [(m["attrs"]["code"], m["attrs"].get("date")) for m in d["mentions"] if m["type"] == "DOCREF" and m["attrs"].get("code")]  # noqa: E731
    assert {("53-CT/TU", "2023-12-05"), ("748/KH-UBND", "2023-12-08")} <= set(refs(docs[2]))
    assert [c for c, _ in refs(docs[4])] == ["18-NQ/TW", "18-NQ/TW"]
    for d in docs:
        for m in d["mentions"]:
            assert d["text"][m["start"] : m["end"]] == m["text"]


def _linked(doc, entity_id):
    return [m for m in doc["mentions"] if m["entity_id"] == entity_id]


def test_luong_cuong_is_one_entity_in_000_and_004(seeded):
    docs = seeded[2]
    assert _linked(docs[0], "luong-cuong") and _linked(docs[4], "luong-cuong")
    surface = {m["text"] for d in (docs[0], docs[4]) for m in _linked(d, "luong-cuong")}
    assert {"Luong Cuong", "Lương Cường"} <= surface


def test_trong_resolves_and_titles_bind(seeded):
    d = seeded[2][1]
    trong = _linked(d, "nguyen-phu-trong")
    assert any(m["text"] == "Trong" for m in trong)
    titles = {t["post_id"] for m in trong for t in (m.get("attrs") or {}).get("titles", [])}
    assert "general-secretary" in titles
    assert _linked(d, "phan-van-giang") and _linked(d, "vo-van-thuong")


def test_cross_script_and_acronym_links(seeded):
    ar, fr = seeded[2][2], seeded[2][3]
    assert _linked(ar, "pham-van-hao") and _linked(ar, "tran-quoc-nam")
    assert _linked(fr, "unmiss") and _linked(fr, "unisfa")


def test_entity_command_on_seeds(seeded):
    from newsgraph.entities import entity_record

    ng, _, docs = seeded
    rec = entity_record(ng.store, "luong-cuong")
    assert {docs[0]["id"], docs[4]["id"]} <= set(rec["documents"])
    assert any(r["post_id"] == "state-president" for r in rec["roles_from_text"])


def test_export_entities_contract_shape(seeded, tmp_path):
    import json

    ng = seeded[0]
    out = tmp_path / "entities.jsonl"
    n = ng.export("jsonl", str(out), what="entities")
    recs = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert n == len(recs) > 5
    lc = recs["luong-cuong"]
    assert set(lc) == {"id", "type", "name", "aliases", "roles", "documents"}
    assert {"name", "lang", "script"} == set(lc["aliases"][0])
    assert any(r["title"] == "State President" and r["start"] for r in lc["roles"])
    assert len(lc["documents"]) == 2
    for fmt in ("csv", "parquet"):
        assert ng.export(fmt, str(tmp_path / f"e.{fmt}"), what="entities") == n
