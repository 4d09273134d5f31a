"""Bad input is reported per item, the rest is stored, the database stays intact (non-negotiable 4)."""

from __future__ import annotations

import gzip
import json
import zipfile

import pytest

import newsgraph
from tests.conftest import ROOT  # noqa: F401

GOOD = "The Ministry of National Defence held its year-end conference in Hanoi on December 27, 2024.\n\nDelegates reviewed defence diplomacy."


def _good(i: int) -> str:
    return GOOD.replace("December 27", f"December {i + 1}") + f" Report {i}."


@pytest.fixture
def bad_folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good-1.txt").write_text(_good(1), encoding="utf-8")
    (d / "good-2.txt").write_text(_good(2), encoding="utf-8")
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.txt").write_text("   \n\n  \t\n")
    big = d / "huge.txt"
    with big.open("wb") as f:  # 200 MB, sparse: rejected by size before it is read
        f.seek(200 * 1024 * 1024 - 1)
        f.write(b"a")
    mixed = _good(3).encode("utf-8")
    (d / "invalid-utf8.txt").write_bytes(mixed[:40] + "Lương Cường ".encode() + b"\xff\xfe\xc3(" + mixed[40:])
    with zipfile.ZipFile(d / "traversal.zip", "w") as z:
        z.writestr("ok.txt", _good(4))
        z.writestr(zipfile.ZipInfo("../evil.txt"), _good(5))
    lines = [json.dumps({"text": _good(6), "title": "six"}), "{broken json", json.dumps({"text": _good(7)})]
    (d / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (d / "article.txt.gz").write_bytes(gzip.compress(_good(8).encode()))
    return d


def test_each_bad_item_reported_rest_stored(tmp_path, bad_folder):
    settings = newsgraph.load_settings(environ={}).with_overrides(**{"ingest.max_item_bytes": 50_000_000})
    with newsgraph.open(str(tmp_path / "x.db"), settings) as ng:
        report = ng.ingest([str(bad_folder)])
        codes = {r.source.rsplit("/", 1)[-1]: r.code for r in report.rejected}
        assert report.exit_status == 1
        assert codes["binary.txt"] == "NG102"
        assert codes["empty.txt"] == "NG103" and codes["blank.txt"] == "NG103"
        assert codes["huge.txt"] == "NG104"
        assert codes["invalid-utf8.txt"] == "NG101"
        full = {r.source: r.code for r in report.rejected}
        assert full[f"{bad_folder}/traversal.zip!../evil.txt"] == "NG105"
        assert full[f"{bad_folder}/records.jsonl:line-2"] == "NG106"
        assert report.stored == 6  # good-1, good-2, ok.txt in the zip, 2 JSONL rows, the .gz article
        assert ng.stats()["documents"] == 6
        # every rejection is also in the store, with its run
        assert len(ng.store.rejections(report.run_id)) == len(report.rejected)
        # the database is intact and a re-run is idempotent
        assert ng.store.con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        again = ng.ingest([str(bad_folder)])
        assert again.stored == 0 and again.unchanged == 6 and ng.stats()["documents"] == 6


def test_cli_exit_status_and_report(cli, bad_folder):
    r = cli("ingest", str(bad_folder), "--db", "x.db", "--json")
    assert r.exit_code == 1
    body = r.json
    assert body["stored"] == 6 and body["rejected"] == len(body["rejections"]) >= 7
    assert all({"source", "stage", "code", "message"} <= set(x) for x in body["rejections"])
    assert "Traceback" not in r.stdout + r.stderr


def test_a_few_bad_bytes_are_repaired_and_reported(tmp_path):
    text = (GOOD + " ") * 40  # ~5 kB of UTF-8 with two stray bytes: repaired, stored, and said so
    data = text.encode()[:2000] + "Lương Cường ".encode() + b"\xff" + text.encode()[2000:] + b"\xfe"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(data)
    with newsgraph.open(str(tmp_path / "w.db"), newsgraph.load_settings(environ={})) as ng:
        report = ng.ingest([str(tmp_path / "in")])
    assert report.stored == 1 and report.exit_status == 0
    assert report.warnings and "2 invalid bytes replaced" in report.warnings[0][1]


def test_missing_path_is_a_rejection_not_a_crash(cli, tmp_path):
    r = cli("ingest", str(tmp_path / "nope"), "--db", "x.db")
    assert r.exit_code == 1
    assert "NG107" in r.stdout
