from __future__ import annotations

import hashlib
import json

import pytest

from newsgraph.config import Settings
from newsgraph.errors import ConfigError
from newsgraph.read import apply_field_mapping, parse_field_mapping


def test_jsonl_rows_with_one_broken_line(read, write) -> None:
    lines = [
        json.dumps({"text": "Lương Cường met delegates.", "title": "T1", "date": "2024-12-12", "url": "u1",
                    "lang": "vi", "id": 7, "section": "politics"}, ensure_ascii=False),
        '{"text": "broken", ',
        "",
        "[1, 2]",
        json.dumps({"title": "no text"}),
        json.dumps({"body": "Second body"}),
    ]
    path = write("rows.jsonl", "\n".join(lines) + "\n")
    docs, rejected = read(path)
    assert [d.source for d in docs] == [f"{path}:line-1", f"{path}:line-6"]
    first = docs[0]
    assert first.kind == "record" and first.raw == "Lương Cường met delegates."
    assert first.meta == {"title": "T1", "date": "2024-12-12", "date_source": "field", "url": "u1", "lang": "vi",
                          "id": "7", "fields": {"section": "politics"}}
    assert first.raw_hash == hashlib.sha256(lines[0].encode("utf-8")).hexdigest()
    assert [(r.source, r.code) for r in rejected] == [
        (f"{path}:line-2", "NG106"), (f"{path}:line-4", "NG106"), (f"{path}:line-5", "NG106")]


def test_jsonl_html_field_gives_html_kind(read, write) -> None:
    (doc,), _ = read(write("h.ndjson", json.dumps({"html": "<p>Hi</p>", "url": "https://x.org"})))
    assert doc.kind == "html" and doc.raw == "<p>Hi</p>"


def test_jsonl_crlf_and_bom(read, write) -> None:
    data = b"\xef\xbb\xbf" + b'{"text": "a"}\r\n{"text": "b"}\r\n'
    docs, rejected = read(write("crlf.jsonl", data))
    assert [d.raw for d in docs] == ["a", "b"] and not rejected


def test_jsonl_over_long_line_is_skipped_alone(read, write, small: Settings) -> None:
    rows = [json.dumps({"text": "short"}), json.dumps({"text": "x" * 5000}), json.dumps({"text": "after"})]
    path = write("long.jsonl", "\n".join(rows))
    docs, rejected = read(path, settings=small)
    assert [d.raw for d in docs] == ["short", "after"]
    assert [(r.source, r.code) for r in rejected] == [(f"{path}:line-2", "NG104")]


def test_csv_with_custom_mapping(read, write, settings: Settings) -> None:
    csv_text = 'id,headline,body,pubDate\n1,First,"Body one, with comma\nand a newline",2024-12-01\n2,Second,,2024-12-02\n3,Third,Body three,\n'
    path = write("news.csv", csv_text)
    mapped = apply_field_mapping(settings, "text=body,date=pubDate,title=headline")
    docs, rejected = read(path, settings=mapped)
    assert [d.source for d in docs] == [f"{path}:line-2", f"{path}:line-5"]
    assert docs[0].raw == "Body one, with comma\nand a newline"
    assert docs[0].meta["date"] == "2024-12-01" and docs[0].meta["title"] == "First"
    assert docs[0].meta["id"] == "1" and docs[0].kind == "record"
    assert "date" not in docs[1].meta
    assert [(r.source, r.code) for r in rejected] == [(f"{path}:line-4", "NG106")]


def test_csv_without_mapping_misses_body_field(read, write) -> None:
    docs, rejected = read(write("n.csv", "headline,story\nA,B\n"))
    assert not docs and rejected[0].code == "NG106" and "text" in rejected[0].message


@pytest.mark.parametrize("name,sep", [("t.tsv", "\t"), ("s.csv", ";")])
def test_delimited_separators(read, write, name: str, sep: str) -> None:
    docs, _ = read(write(name, f"title{sep}text\nA{sep}Body A\n"))
    assert docs[0].raw == "Body A" and docs[0].meta["title"] == "A"


def test_csv_large_field(read, write) -> None:
    big = "word " * 40_000  # 200 kB, over csv's default 128 kB field limit
    (doc,), rejected = read(write("big.csv", f'text\n"{big}"\n'))
    assert not rejected and len(doc.raw) == len(big)


def test_csv_legacy_encoding(read, write) -> None:
    data = "title,text\nBilan,Le ministère de la Défense a organisé\n".encode("cp1252")
    (doc,), _ = read(write("fr.csv", data))
    assert doc.raw == "Le ministère de la Défense a organisé" and doc.encoding == "cp1252"


def test_csv_utf16(read, write) -> None:
    (doc,), _ = read(write("u16.csv", "title,text\nA,Lương Cường\n".encode("utf-16")))
    assert doc.raw == "Lương Cường"


def test_parse_field_mapping() -> None:
    assert parse_field_mapping("text=body, date=pubDate|dc:date") == {"text": ["body"], "date": ["pubDate", "dc:date"]}
    assert parse_field_mapping("") == {}


@pytest.mark.parametrize("spec", ["body", "nope=x", "text="])
def test_parse_field_mapping_rejects_bad_specs(spec: str) -> None:
    with pytest.raises(ConfigError):
        parse_field_mapping(spec)


@pytest.mark.parametrize("line", ['{"text": 1' + "0" * 5000 + "}", "[" * 100_000, '"just a string"', "{'text': 1}"])
def test_jsonl_hostile_lines_are_per_row_rejections(read, write, line: str) -> None:
    path = write("hostile.jsonl", line + '\n{"text": "ok"}\n')
    docs, (rej,) = read(path)
    assert [d.raw for d in docs] == ["ok"] and rej.code == "NG106" and rej.source == f"{path}:line-1"
