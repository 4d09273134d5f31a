"""Every command through the real entry point: output shapes, exit statuses, error shape."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

ARTICLES = {
    "en.txt": " date 2024-12-12 HÀ NỘI — State President Lương Cường met the foreign ministry on Thursday.\n\n"
    "He praised the sector's achievements in diplomacy and called for reforms. — VNS",
    "vi.txt": " date 2024-12-26 Sáng 26/12, Chủ tịch nước Lương Cường dự Hội nghị Quân chính toàn quân tại Hà Nội.\n\n"
    "Hội nghị đánh giá kết quả thực hiện nhiệm vụ quân sự, quốc phòng năm 2024.",
    "fr.txt": " date 2024-12 Le ministère de la Défense a organisé le 27 décembre une conférence de bilan.\n\n"
    "Le vice-ministre Hoàng Xuân Chiến a salué les efforts des unités à Điện Biên Phủ et ailleurs.",
}


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    for name, text in ARTICLES.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


@pytest.fixture
def ingested(cli, corpus):
    r = cli("ingest", str(corpus), "--db", "t.db", "--json")
    assert r.exit_code == 0, r.stdout + r.stderr
    return r.json


def test_ingest_json_report(ingested):
    assert ingested["stored"] == 3 and ingested["rejected"] == 0 and ingested["rejections"] == []


def test_search_json_contract_shape(cli, ingested):
    r = cli("search", "luong cuong", "--db", "t.db", "--json")
    assert r.exit_code == 0
    body = r.json
    assert body["total"] == 2
    for hit in body["hits"]:
        assert {"id", "source", "title", "lang", "published", "score", "snippet"} <= set(hit)
        assert set(hit["published"]) == {"date", "precision", "source"}
        s, e = hit["highlights"][0]
        assert hit["snippet"][s:e].lower() in {"lương", "luong", "cường"}


@pytest.mark.parametrize("query", ["Dien Bien Phu", '"dien bien phu"', "DIỆN BIÊN*", "chien"])
def test_search_folds_d_stroke(cli, ingested, query):
    body = cli("search", query, "--db", "t.db", "--json").json
    assert [h["lang"] for h in body["hits"]] == ["fr"]


def test_search_filters(cli, ingested):
    assert cli("search", "luong", "--lang", "vi", "--db", "t.db", "--json").json["total"] == 1
    assert cli("search", "luong", "--since", "2024-12-20", "--db", "t.db", "--json").json["total"] == 1
    assert cli("search", "luong", "--until", "2024-12-13", "--db", "t.db", "--json").json["total"] == 1


@pytest.mark.parametrize(
    "query", ['"unclosed', "NEAR(luong cuong)", "(luong OR", "'; DROP TABLE documents; --", "luong -", "*", "-x", "AND OR NOT"]
)
def test_hostile_queries_never_crash(cli, ingested, query):
    r = cli("search", "--db", "t.db", "--json", "--", query)  # "--": a query may start with "-"
    assert r.exit_code in (0, 2), r.stderr
    assert "Traceback" not in r.stdout + r.stderr
    if r.exit_code == 2:
        assert r.stderr.startswith("Error: [NG301]")
    assert cli("stats", "--db", "t.db", "--json").json["documents"] == 3  # nothing dropped


def test_show_docs_stats(cli, ingested):
    docs = cli("docs", "--db", "t.db", "--json").json
    assert docs["total"] == 3
    first = docs["documents"][0]["id"]
    shown = cli("show", first[:8], "--db", "t.db", "--json").json
    assert shown["id"] == first and "detail" in shown
    human = cli("show", first, "--db", "t.db")
    assert human.exit_code == 0 and "published" in human.stdout
    stats = cli("stats", "--db", "t.db", "--json").json
    assert stats["by_lang"] == {"en": 1, "vi": 1, "fr": 1}


def test_show_unknown_id_is_exit_1(cli, ingested):
    r = cli("show", "ffffffffffff", "--db", "t.db")
    assert r.exit_code == 1 and "NG204" in r.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_formats(cli, ingested, tmp_path, fmt):
    out = tmp_path / f"docs.{fmt}"
    r = cli("export", "--format", fmt, "--out", str(out), "--db", "t.db")
    assert r.exit_code == 0
    if fmt == "jsonl":
        recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert {"id", "source", "title", "text", "lang", "published", "mentions", "story_id"} == set(recs[0])
    elif fmt == "csv":
        import csv

        rows = list(csv.DictReader(out.open(encoding="utf-8")))
        assert len(rows) == 3 and rows[0]["published_date"]
    else:
        table = pq.read_table(out)
        assert table.num_rows == 3 and "published" in table.column_names


def test_usage_errors_exit_2(cli, ingested):
    assert cli("search", "x", "--mode", "nope", "--db", "t.db").exit_code == 2
    assert cli("search", "x", "--since", "yesterday", "--db", "t.db").exit_code == 2
    assert cli("export", "--format", "xml", "--db", "t.db").exit_code == 2
    assert cli("eval", "nope", "--data", "x").exit_code == 2
    assert cli("frobnicate").exit_code == 2


def test_not_a_database(cli, tmp_path):
    (tmp_path / "notes.db").write_text("not sqlite")
    r = cli("stats", "--db", str(tmp_path / "notes.db"))
    assert r.exit_code == 1 and "NG202" in r.stderr


def test_stdin_ingest(cli):
    r = cli("ingest", "-", "--db", "s.db", "--json", stdin="Một bài báo ngắn về quốc phòng Việt Nam, ngày 5/12/2024.".encode())
    assert r.exit_code == 0 and r.json["stored"] == 1


def test_demo_summary(cli):
    r = cli("demo", "--db", "demo.db")
    assert r.exit_code == 0, r.stderr
    for part in ("documents by month and language", "top entities", "top terms", "rejected", "NG102", "near-duplicate",
                 "semantic search for", "[fr] L'hôpital de campagne", "[ar]"):
        assert part in r.stdout, part
    again = cli("demo", "--db", "demo.db")  # replaced, not appended to
    assert again.exit_code == 0 and "0 unchanged" in again.stdout
