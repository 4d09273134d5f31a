"""`newsgraph eval dates`: htmldate's scoring, our stage on each record, htmldate beside it."""

from __future__ import annotations

import gzip
import json

import pytest

from newsgraph.eval import dates as ev

PAGE = (
    '<html lang="en"><head><meta property="article:published_time" content="{iso}T09:00:00+01:00"></head>'
    "<body><article><h1>Talks</h1><p>The ministers met again in the capital to discuss trade and the "
    "border. They agreed to meet again next month, officials said after the meeting.</p></article></body></html>"
)


@pytest.mark.parametrize(
    "pred,gold,expected",
    [
        (["2024-12-26"], ["2024-12-26"], {"accuracy": 1.0, "precision": 1.0, "recall": 1.0, "f": 1.0}),
        (["2024-12-25"], ["2024-12-26"], {"accuracy": 0.0, "precision": 0.0, "recall": 0.0}),
        ([None], ["2024-12-26"], {"accuracy": 0.0, "recall": 0.0}),
        ([None], [None], {"accuracy": 1.0}),
        (["2024-12-26"], [None], {"accuracy": 0.0, "precision": 0.0}),
        (["2024-12"], ["2024-12-26"], {"accuracy": 0.0}),  # a month is not a day
    ],
)
def test_dates_eval_score(pred, gold, expected):
    result = ev.score(pred, gold)
    assert {k: result[k] for k in expected} == expected


def test_dates_eval_score_counts():
    result = ev.score(
        ["2024-01-01", "2024-01-02", None, None], ["2024-01-01", "2024-01-03", "2024-01-04", None]
    )
    assert result["n"] == 4 and result["accuracy"] == 0.5
    assert (result["precision"], result["recall"], result["f"]) == (0.5, 0.5, 0.5)  # TP 1, FP 1, FN 1, TN 1


def test_dates_eval_run_on_text_and_html(tmp_path, settings):
    path = tmp_path / "d.jsonl.gz"
    records = [
        {"text": "Hanoi, 26 December 2024 - The ministry met.", "lang": "en", "date": "2024-12-26"},
        {"text": "No date in here at all.", "date": None},
        {"html": PAGE.format(iso="2023-11-08"), "url": "https://x.org/a", "date": "2023-11-08"},
        {"html": PAGE.format(iso="2023-11-08"), "url": "https://x.org/b", "date": "2023-11-09"},
    ]
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("\n".join(json.dumps(r) for r in records) + "\n")
    result = ev.run(path, settings, baseline=True)
    assert (result["n"], result["accuracy"]) == (4, 0.75)
    assert result["docs_per_s"] > 0
    assert result["halves"] == {"even": 1.0, "odd": 0.5}  # records 0, 2 / 1, 3
    assert result["by_source"]["metadata"] == {"n": 2, "accuracy": 0.5}
    base = result["baseline_htmldate"]
    assert base["n"] == 4 and base["accuracy"] == 0.5  # htmldate reads no text records
    assert ev.run(path, settings, limit=1)["n"] == 1


def test_dates_eval_document_from_html_record_cleaned_as_in_ingestion(settings):
    doc = ev.to_document({"html": PAGE.format(iso="2023-11-08"), "url": "https://x.org/a"}, 0)
    assert doc.kind == "html" and doc.meta == {"url": "https://x.org/a"}
    [doc] = ev.prepare([doc], settings)  # the clean and langid stages
    assert doc.lang == "en" and "ministers met" in doc.text and "<p>" not in doc.text
