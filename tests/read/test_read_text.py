from __future__ import annotations

import pytest

from newsgraph.read.header import split_header

VI_BODY = "HÀ NỘI — State President Lương Cường has commended the Ministry."


@pytest.mark.parametrize(
    "text,fields,body",
    [
        (f" date 2024-12-12 {VI_BODY}", {"date": "2024-12-12"}, VI_BODY),
        (" date 2024-12 Conférence de bilan\n\nLe ministère a organisé", {"date": "2024-12"},
         "Conférence de bilan\n\nLe ministère a organisé"),
        (" date 2024-12-12\nThe text.", {"date": "2024-12-12"}, "The text."),
        ("date 2024 Hanoi hosted", {"date": "2024"}, "Hanoi hosted"),
        ("Date 2024-12-12 HÀ NỘI — x", {"date": "2024-12-12"}, "HÀ NỘI — x"),
        ("date 12/12/2024, HANOI — x", {"date": "12/12/2024"}, "HANOI — x"),
        ("date: 2024-12-12T10:00:00+07:00 Body", {"date": "2024-12-12T10:00:00+07:00"}, "Body"),
        ("title: Talks in Hanoi\ndate: 2024-12-01\nsource: VNA\n\nBody here.",
         {"title": "Talks in Hanoi", "date": "2024-12-01", "source": "VNA"}, "Body here."),
        ("  Title = Talks\n  lang = vi\n\nBody", {"title": "Talks", "lang": "vi"}, "Body"),
        ("title Talks in Hanoi\ndate 2024-12-01\n\nBody", {"title": "Talks in Hanoi", "date": "2024-12-01"}, "Body"),
        ("Date: Thu, 12 Dec 2024 10:00:00 +0700\nBody", {"date": "Thu, 12 Dec 2024 10:00:00 +0700"}, "Body"),
        ("url: https://example.org/a\nauthor: A. Writer\nBody", {"url": "https://example.org/a", "author": "A. Writer"},
         "Body"),
        ("---\ntitle: Hi\ndate: 2024-01-02\n---\nBody", {"title": "Hi", "date": "2024-01-02"}, "Body"),
    ],
)
def test_header_found_and_stripped(text: str, fields: dict[str, str], body: str) -> None:
    header = split_header(text)
    assert header.fields == fields
    assert header.body == body


@pytest.mark.parametrize(
    "text",
    [
        "Date palms grow in the desert and need little water.",
        "Date: to be announced, the ministry said.",
        "Published 2024 by Penguin, the book sold well.",
        "Title The war begins\n\nIt was a cold morning.",
        "Source of the Nile is Lake Victoria.\n\nMore text.",
        "Title fights are rare.\nDate palms too.",
        "url: not a url at all\n\nBody",
        "On the morning of December 26, the Central Military Commission met.",
    ],
)
def test_header_prose_is_untouched(text: str) -> None:
    header = split_header(text)
    assert header.fields == {}
    assert header.body == text


def test_text_file_header_goes_to_meta(read, write) -> None:
    path = write("a.txt", f" date 2024-12-12 {VI_BODY}\n\nMore text.")
    (doc,), rejected = read(path)
    assert not rejected
    assert doc.kind == "text" and doc.source == str(path)
    assert doc.raw == f"{VI_BODY}\n\nMore text."
    assert doc.meta == {"date": "2024-12-12", "date_source": "header", "headers": {"date": "2024-12-12"}}


def test_text_file_multi_key_header_meta(read, write) -> None:
    path = write("b.txt", "Title: Talks\nDate: 2024-12-01\nLanguage: fr\nTags: defence, diplomacy\n\nBody text.")
    (doc,), _ = read(path)
    assert doc.raw == "Body text."
    assert doc.meta["title"] == "Talks" and doc.meta["date"] == "2024-12-01" and doc.meta["lang"] == "fr"
    assert doc.meta["headers"]["tags"] == "defence, diplomacy"


def test_text_file_without_header_has_empty_meta(read, write) -> None:
    text = "Date palms grow in the desert."
    (doc,), _ = read(write("c.txt", text))
    assert doc.raw == text and doc.meta == {}


def test_text_file_raw_hash_is_of_original_bytes(read, write) -> None:
    import hashlib

    data = "Lương Cường".encode("utf-16")
    (doc,), _ = read(write("d.txt", data))
    assert doc.raw_hash == hashlib.sha256(data).hexdigest()
    assert doc.encoding == "utf-16-le"


def test_text_file_only_header_is_empty(read, write) -> None:
    _, (rej,) = read(write("e.txt", " date 2024-12-12\n\n"))
    assert rej.code == "NG103" and rej.stage == "read"


def test_text_file_warns_about_replaced_bytes(read, write) -> None:
    data = ("Lương Cường met the delegation. " * 40).encode("utf-8")
    cut = data.index(b" met", 300)  # between two characters, not inside one
    (doc,), _ = read(write("f.txt", data[:cut] + b"\xc3\x28" + data[cut:]))
    assert doc.encoding == "utf-8"
    assert doc.meta["decode_warnings"] == ["utf-8: 1 invalid bytes replaced"]


@pytest.mark.parametrize("name,data,code", [
    ("binary.txt", b"%PDF-1.4\n" + bytes(range(256)) * 4, "NG102"),
    ("nul.txt", b"\x00\x01\x02\x03" * 100, "NG102"),
    ("empty.txt", b"", "NG103"),
    ("blank.txt", b" \n\n\t ", "NG103"),
])
def test_text_file_bad_content_is_rejected(read, write, name: str, data: bytes, code: str) -> None:
    docs, (rej,) = read(write(name, data))
    assert not docs and rej.code == code and rej.source.endswith(name)
