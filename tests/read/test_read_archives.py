from __future__ import annotations

import gzip
import io
import json
import tarfile
import zipfile
from pathlib import Path

import pytest

from newsgraph.config import Settings
from newsgraph.read.archives import unsafe_name


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name), data)
    return path


def test_zip_members_read_by_their_names(read, tmp_path: Path) -> None:
    path = _zip(tmp_path / "a.zip", {
        "b.txt": b" date 2024-12-12 Hanoi news.",
        "dir/rows.jsonl": b'{"text": "row one"}\n{"text": "row two"}\n',
        "page.html": b"<html><body><p>Page</p></body></html>",
        ".hidden.txt": b"skipped",
        "__MACOSX/._b.txt": b"skipped",
    })
    docs, rejected = read(path)
    assert not rejected
    assert [d.source for d in docs] == [f"{path}!b.txt", f"{path}!dir/rows.jsonl:line-1",
                                        f"{path}!dir/rows.jsonl:line-2", f"{path}!page.html"]
    assert docs[0].meta["date"] == "2024-12-12" and docs[3].kind == "html"


@pytest.mark.parametrize("bad", ["../evil.txt", "/etc/evil.txt", "C:/evil.txt", "a/../../evil.txt", "..\\evil.txt"])
def test_zip_traversal_member_rejected_others_read(read, tmp_path: Path, bad: str) -> None:
    path = _zip(tmp_path / "t.zip", {"ok1.txt": b"first", bad: b"evil", "ok2.txt": b"second"})
    docs, rejected = read(path)
    assert [d.raw for d in docs] == ["first", "second"]
    assert [(r.source, r.code) for r in rejected] == [(f"{path}!{bad}", "NG105")]


@pytest.mark.parametrize("name,problem", [("a/b.txt", False), ("../x", True), ("/abs", True), ("D:\\x", True)])
def test_unsafe_name(name: str, problem: bool) -> None:
    assert bool(unsafe_name(name)) is problem


def test_corrupt_zip_is_one_rejection(read, write) -> None:
    docs, rejected = read(write("bad.zip", b"PK\x03\x04 this is not really a zip archive"))
    assert not docs and len(rejected) == 1 and rejected[0].code == "NG106"


def test_zip_bomb_member_rejected_by_size(read, tmp_path: Path, small: Settings) -> None:
    path = _zip(tmp_path / "bomb.zip", {"big.txt": b"a" * 1_000_000, "ok.txt": b"fine"})
    docs, rejected = read(path, settings=small)
    assert [d.raw for d in docs] == ["fine"]
    assert rejected[0].source == f"{path}!big.txt" and rejected[0].code == "NG104"


def test_zip_member_lying_about_its_size_is_still_capped(read, tmp_path: Path, small: Settings) -> None:
    path = _zip(tmp_path / "liar.zip", {"big.txt": b"a" * 50_000})
    raw = bytearray(path.read_bytes())
    # patch the central directory's uncompressed size (offset 24 in the entry) to 10 bytes
    cd = raw.rfind(b"PK\x01\x02")
    raw[cd + 24 : cd + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    docs, rejected = read(path, settings=small)
    assert not docs and rejected[0].code in ("NG104", "NG106")


def test_zip_member_count_capped(read, tmp_path: Path) -> None:
    settings = Settings().with_overrides(**{"ingest.max_archive_members": 2})
    path = _zip(tmp_path / "many.zip", {f"{i}.txt": f"text {i}".encode() for i in range(5)})
    docs, rejected = read(path, settings=settings)
    assert [d.raw for d in docs] == ["text 0", "text 1"]
    assert [(r.source, r.code) for r in rejected] == [(str(path), "NG104")]


def test_gz_inner_name_decides_kind(read, write) -> None:
    rows = b'{"text": "one"}\n{"text": "two"}\n'
    gz_rows = write("rows.jsonl.gz", gzip.compress(rows))
    gz_text = write("a.txt.gz", gzip.compress(b" date 2024-12 Bilan"))
    docs, rejected = read(gz_rows, gz_text)
    assert not rejected
    assert [(d.source, d.raw) for d in docs] == [
        (f"{gz_rows}:line-1", "one"), (f"{gz_rows}:line-2", "two"), (str(gz_text), "Bilan")]
    assert docs[2].meta["date"] == "2024-12"


def test_gz_too_large_when_decompressed(read, write, small: Settings) -> None:
    _, (rej,) = read(write("big.txt.gz", gzip.compress(b"a" * 100_000)), settings=small)
    assert rej.code == "NG104"


def test_gz_truncated_is_rejected(read, write) -> None:
    data = gzip.compress(b"some text " * 1000)
    docs, (rej,) = read(write("cut.txt.gz", data[: len(data) // 2]))
    assert not docs and rej.code == "NG106"


def test_tar_gz_members(read, tmp_path: Path) -> None:
    path = tmp_path / "a.tar.gz"
    with tarfile.open(path, "w:gz") as tf:
        for name, data in [("x/one.txt", b"one"), ("../evil.txt", b"evil"), ("two.jsonl", b'{"text": "two"}')]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    docs, rejected = read(path)
    assert [d.raw for d in docs] == ["one", "two"]
    assert [(r.source, r.code) for r in rejected] == [(f"{path}!../evil.txt", "NG105")]


def test_zip_inside_zip(read, tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("deep.txt", "deep text")
    path = _zip(tmp_path / "outer.zip", {"inner.zip": inner.getvalue(), "rows.json-lines": json.dumps({"text": "r"}).encode()})
    docs, _ = read(path)
    assert [d.source for d in docs] == [f"{path}!inner.zip!deep.txt", f"{path}!rows.json-lines:line-1"]


def test_zip_jsonl_member_streams_past_the_item_cap(read, tmp_path: Path, small: Settings) -> None:
    rows = b"".join(json.dumps({"text": f"row {i} " + "x" * 100}).encode() + b"\n" for i in range(50))
    assert len(rows) > 5 * small.ingest.max_item_bytes
    docs, rejected = read(_zip(tmp_path / "rows.zip", {"rows.jsonl": rows, "big.txt": b"y" * 5000}), settings=small)
    assert len(docs) == 50 and [r.code for r in rejected] == ["NG104"]
