from __future__ import annotations

import gzip
import os
import time
from pathlib import Path

import pytest

from newsgraph.config import Settings
from newsgraph.read import iter_items


def test_folder_recursion_is_sorted_and_skips_hidden(read, write, tmp_path: Path) -> None:
    for name in ["b.txt", "a/z.txt", "a/b/c.txt", "c.html", ".git/config", "a/.hidden.txt", "A.txt"]:
        write(name, f"text of {name}" if not name.endswith(".html") else "<html><body>x</body></html>")
    docs, rejected = read(tmp_path)
    assert not rejected
    assert [os.path.relpath(d.source, tmp_path) for d in docs] == ["A.txt", "a/b/c.txt", "a/z.txt", "b.txt", "c.html"]


def test_paths_are_read_in_the_order_given(read, write) -> None:
    b, a = write("b.txt", "bee"), write("a.txt", "ay")
    docs, _ = read(b, a)
    assert [d.raw for d in docs] == ["bee", "ay"]


def test_missing_path_is_ng107_and_others_go_on(read, write, tmp_path: Path) -> None:
    ok = write("ok.txt", "fine")
    docs, (rej,) = read(tmp_path / "nope.txt", ok)
    assert [d.raw for d in docs] == ["fine"]
    assert rej.code == "NG107" and rej.source == str(tmp_path / "nope.txt") and rej.stage == "read"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_is_ng107(read, write) -> None:
    path = write("locked.txt", "secret")
    path.chmod(0)
    try:
        _, (rej,) = read(path)
    finally:
        path.chmod(0o644)
    assert rej.code == "NG107"


@pytest.mark.parametrize("data,kind,sources", [
    (b"Plain stdin text.", "text", ["-"]),
    (b'{"text": "a"}\n{"text": "b"}\n', "record", ["-:line-1", "-:line-2"]),
    (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html", ["-"]),
    (b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>t</title></item></channel></rss>',
     "feed-entry", ["-#entry-1"]),
    (gzip.compress(b" date 2024-12-12 Text from a gz pipe"), "text", ["-"]),
])
def test_stdin_is_sniffed(read, data: bytes, kind: str, sources: list[str]) -> None:
    docs, rejected = read("-", stdin=data)
    assert not rejected
    assert [d.source for d in docs] == sources and {d.kind for d in docs} == {kind}


def test_stdin_too_large_is_rejected_with_bounded_read(read, small: Settings) -> None:
    _, (rej,) = read("-", settings=small, stdin=b"x" * 5000)
    assert rej.code == "NG104" and rej.source == "-"


def test_too_large_file_rejected_without_reading(tmp_path: Path, small: Settings, monkeypatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # sparse: 200 MB on paper, nothing on disk
        f.truncate(200_000_000)
    start = time.perf_counter()
    (rej,) = list(iter_items([str(path)], Settings()))
    assert rej.code == "NG104" and time.perf_counter() - start < 1.0


def test_items_stream_lazily(write, settings: Settings) -> None:
    write("a.txt", "first")
    bad = write("b.txt", "second")
    items = iter_items([str(bad.parent)], settings)
    assert next(items).raw == "first"
    bad.unlink()  # not opened yet: the walk is lazy, so the deletion shows up as NG107
    assert next(items).code == "NG107"


def test_broken_symlink_in_folder_is_ng107(read, write, tmp_path: Path) -> None:
    write("ok.txt", "fine")
    os.symlink(tmp_path / "gone.txt", tmp_path / "link.txt")
    docs, (rej,) = read(tmp_path)
    assert [d.raw for d in docs] == ["fine"] and rej.code == "NG107" and rej.source.endswith("link.txt")


def test_fifo_in_folder_is_skipped(read, write, tmp_path: Path) -> None:
    write("ok.txt", "fine")
    os.mkfifo(tmp_path / "pipe")
    docs, rejected = read(tmp_path)
    assert [d.raw for d in docs] == ["fine"] and not rejected


def test_count_items_counts_one_article_files_and_gives_up_on_containers(tmp_path):
    from newsgraph.read.files import count_items

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("x")
    (tmp_path / "a" / "two.html").write_text("<p>x</p>")
    (tmp_path / "a" / "noext").write_text("x")
    (tmp_path / "a" / ".hidden.txt").write_text("x")
    (tmp_path / "three.md").write_text("x")
    assert count_items([str(tmp_path / "a"), str(tmp_path / "three.md")]) == 4
    (tmp_path / "a" / "feed.jsonl").write_text("{}\n{}\n")
    assert count_items([str(tmp_path / "a")]) is None  # one file, many items
    assert count_items([str(tmp_path / "three.md"), "-"]) is None
    for name in ("x.zip", "x.tar.gz", "x.rss", "x.xml", "x.csv"):
        assert count_items([str(tmp_path / name)]) is None
