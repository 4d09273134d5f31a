"""/api/export: downloads in each format that parse, filtered, streamed as attachments."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest


def download(api, **params):
    r = api.get("/api/export", params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-disposition"].startswith("attachment; filename=\"newsgraph-")
    return r


@pytest.mark.parametrize("what", ["documents", "entities", "stories"])
def test_jsonl_lines_are_json(api, what):
    lines = download(api, what=what, format="jsonl").text.splitlines()
    records = [json.loads(line) for line in lines]
    assert records and all("id" in r for r in records)
    if what == "documents":
        assert len(records) == api.get("/api/stats").json()["documents"]
        assert {"text", "mentions", "published", "story_id"} <= set(records[0])


def test_csv_has_a_header_and_follows_the_filters(api):
    r = download(api, format="csv", lang="fr")
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and {"id", "lang", "text", "published_date"} <= set(rows[0])
    assert {row["lang"] for row in rows} == {"fr"}
    assert len(rows) == api.get("/api/documents", params={"lang": "fr"}).json()["total"]


@pytest.mark.parametrize("what", ["documents", "stories"])
def test_parquet_opens_with_pyarrow(api, what):
    table = pq.read_table(io.BytesIO(download(api, what=what, format="parquet").content))
    assert table.num_rows > 0 and "id" in table.column_names


@pytest.mark.parametrize(("params", "status"), [
    ({"format": "xml"}, 422), ({"what": "mentions"}, 422), ({"since": "soon"}, 400), ({"out": "/etc/passwd"}, 200),
])
def test_bad_export_parameters(api, params, status):
    r = api.get("/api/export", params=params)
    assert r.status_code == status
    if status == 200:  # an unknown parameter naming a file is ignored: the download is the usual one
        assert r.headers["content-disposition"].startswith("attachment")
        assert "root:" not in r.text
