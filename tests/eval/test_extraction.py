"""Tests for eval/extraction.py: the scoring math on hand-made records, and the runner."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsgraph.config import Settings
from newsgraph.eval import extraction
from newsgraph.eval.extraction import (
    run,
    score,
    score_shingles,
    score_snippets,
    shingle_counts,
    shingles,
    snippet_counts,
)

BENCH = Path(__file__).resolve().parents[3] / "shared" / "bench" / "extraction" / "trafilatura-eval.jsonl.gz"
ARTICLE = ("The ministry held a conference on Friday to review the year. "
           "Officials said all training tasks had been completed on time.")


def page(body: str) -> str:
    return (f"<html><head><title>T</title></head><body><nav>Home News Sport</nav>"
            f"<article><p>{body}</p></article><footer>Copyright footer text</footer></body></html>")


def write_jsonl(path: Path, records: list[dict], gz: bool = False) -> Path:
    lines = "".join(json.dumps(r) + "\n" for r in records)
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(lines)
    else:
        path.write_text(lines, encoding="utf-8")
    return path


# -- shingles (ScrapingHub) --------------------------------------------------------------------
def test_shingles_are_4grams_of_word_tokens():
    assert shingles("a b, c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("a b") == {("a", "b"): 1}  # shorter than 4: one shingle of all tokens
    assert shingles("") == {}


def test_shingle_counts_normalised_per_document():
    # gold 6 tokens → 3 shingles; pred shares the first 2 and adds 1 → tp 2, fp 1, fn 1
    tp, fp, fn = shingle_counts("a b c d e f", "a b c d e x")
    assert (tp, fp, fn) == pytest.approx((0.5, 0.25, 0.25))
    assert shingle_counts("", "") == (0.0, 0.0, 0.0)


def test_shingle_counts_use_multiplicity():
    tp, fp, fn = shingle_counts("a b c d", "a b c d a b c d")  # pred: abcd ×2, bcda, cdab, dabc
    assert (tp, fp, fn) == pytest.approx((1 / 5, 4 / 5, 0.0))


def test_score_shingles_averages_over_documents():
    out = score_shingles([
        ("a b c d e f", "a b c d e x"),  # P 2/3, R 2/3
        ("a b c d", "a b c d"),  # P 1, R 1, exact
        ("a b c d", ""),  # no prediction: counts for recall (0) only
    ])
    p = (2 / 3 + 1) / 2
    r = (2 / 3 + 1 + 0) / 3
    assert out["n"] == 3
    assert out["precision"] == round(p, 4)
    assert out["recall"] == round(r, 4)
    assert out["f1"] == round(2 * p * r / (p + r), 4)
    assert out["accuracy"] == round(1 / 3, 4)


# -- snippets (trafilatura) --------------------------------------------------------------------
def test_snippet_counts_whitespace_normalised():
    pred = "The  ministry held\na conference.\n\nShare this"
    assert snippet_counts(pred, ["ministry held a conference", "not there"], ["Share this", "Menu"]) == (1, 1, 1, 1)
    assert snippet_counts(None, ["x"], ["y"]) == (0, 1, 0, 1)


def test_score_snippets_over_the_corpus():
    out = score_snippets([
        ("alpha beta gamma", ["alpha", "beta"], ["gamma"]),  # tp 2, fp 1
        ("delta", ["delta", "omega"], ["menu", "login"]),  # tp 1, fn 1, tn 2
    ])
    tp, fn, fp, tn = 3, 1, 1, 2
    assert out == {
        "n": 2,
        "precision": round(tp / (tp + fp), 4),
        "recall": round(tp / (tp + fn), 4),
        "accuracy": round((tp + tn) / (tp + tn + fp + fn), 4),
        "f1": round(2 * tp / (2 * tp + fp + fn), 4),
    }


def test_score_mixed_file_reports_both_formats():
    records = [{"text": "a b c d", "with": None, "without": None},
               {"text": None, "with": ["x"], "without": ["y"]},
               {"text": None, "with": ["z"], "without": []}]
    out = score(records, ["a b c d", "x y", "q"])
    assert out["n"] == 3
    assert set(out["by_format"]) == {"snippets", "shingles"}
    assert out["f1"] == out["by_format"]["snippets"]["f1"]  # the larger part leads


def test_score_empty():
    assert score([], [])["n"] == 0


# -- runner -------------------------------------------------------------------------------------
def test_run_with_text_records_uses_the_clean_stage(tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [{"html": page(ARTICLE), "text": ARTICLE}], gz=True)
    out = run(path, Settings())
    assert out["n"] == 1 and out["extractor"] == "newsgraph.clean"
    assert out["precision"] == 1.0 and out["recall"] == 1.0 and out["f1"] == 1.0
    assert out["docs_per_s"] > 0


def test_run_with_snippet_records_and_limit(tmp_path):
    records = [
        {"html": page(ARTICLE), "text": None, "with": ["review the year"], "without": ["Home News Sport"]},
        {"html": page(ARTICLE), "text": None, "with": ["never there"], "without": []},
    ]
    path = write_jsonl(tmp_path / "x.jsonl", records)
    out = run(path, Settings(), limit=1)
    assert out["n"] == 1
    assert (out["precision"], out["recall"], out["accuracy"], out["f1"]) == (1.0, 1.0, 1.0, 1.0)


def test_run_counts_an_empty_extraction_as_missed(tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [{"html": "<html><body></body></html>", "with": ["a"], "without": ["b"]}])
    out = run(path, Settings())
    assert (out["recall"], out["precision"], out["accuracy"]) == (0.0, 0.0, 0.5)


def test_run_baseline_scores_plain_trafilatura(tmp_path, monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(extraction, "trafilatura_precision", lambda html: seen.append(html) or ARTICLE)
    path = write_jsonl(tmp_path / "x.jsonl", [{"html": "<p>x</p>", "text": ARTICLE}])
    out = run(path, Settings(), baseline=True)
    assert seen == ["<p>x</p>"]
    assert out["extractor"] == "trafilatura.favor_precision" and out["f1"] == 1.0


@pytest.mark.bench
@pytest.mark.skipif(not BENCH.is_file(), reason="needs ../shared/bench")
def test_run_on_a_few_bench_pages():
    out = run(BENCH, Settings(), limit=5)
    assert out["n"] == 5
    assert 0.0 <= out["f1"] <= 1.0 and "accuracy" in out
