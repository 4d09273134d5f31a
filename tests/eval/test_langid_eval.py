"""eval/langid.py: the scoring maths on hand-made records, and `run` on a tiny JSONL file."""

from __future__ import annotations

import gzip
import json

import pytest

from newsgraph.eval.langid import run, score


def test_langid_score_counts_per_language_and_kind():
    pred = ["en", "fr", "en", None, "vi"]
    gold = ["en", "fr", "fr", "de", "vi"]
    kinds = ["sentence", "sentence", "word", "word", "word_pair"]
    out = score(pred, gold, kinds)
    assert out["n"] == 5
    assert out["accuracy"] == 0.6
    assert out["by_lang"] == {"de": 0.0, "en": 1.0, "fr": 0.5, "vi": 1.0}
    assert out["by_kind"] == {"sentence": 1.0, "word": 0.0, "word_pair": 1.0}
    assert out["by_kind_lang"]["word"] == {"de": 0.0, "fr": 0.0}


def test_langid_score_without_kinds_has_no_kind_fields():
    out = score(["en"], ["en"], [None])
    assert out == {"n": 1, "accuracy": 1.0, "by_lang": {"en": 1.0}}


def test_langid_score_empty_is_zero():
    assert score([], []) == {"n": 0, "accuracy": 0.0, "by_lang": {}}


@pytest.mark.parametrize("gz", [False, True])
def test_langid_run_reads_jsonl(tmp_path, settings, gz):
    records = [
        {"text": "The government approved the budget on Tuesday.", "lang": "en", "kind": "sentence"},
        {"text": "Le gouvernement a adopté le budget mardi.", "lang": "fr", "kind": "sentence"},
        {"text": "Die Regierung hat am Dienstag den Haushalt beschlossen.", "lang": "es", "kind": "sentence"},
    ]
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    path = tmp_path / ("d.jsonl.gz" if gz else "d.jsonl")
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(body)
    else:
        path.write_text(body, encoding="utf-8")
    out = run(path, settings)
    assert (out["n"], out["accuracy"]) == (3, pytest.approx(0.6667))
    assert out["by_lang"] == {"en": 1.0, "es": 0.0, "fr": 1.0}
    assert out["by_kind"] == {"sentence": 0.6667}
    assert out["docs_per_s"] > 0
    assert run(path, settings, limit=1)["n"] == 1
