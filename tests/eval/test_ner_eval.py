"""eval/ner.py + eval/conll.py: reader, IOB2 → spans, strict scoring and `run` on tiny files."""

from __future__ import annotations

import gzip
from types import SimpleNamespace

import pytest

from newsgraph.eval import ner as ner_eval
from newsgraph.eval.conll import lang_from_name, read_conll, tags_to_spans
from newsgraph.eval.ner import chars_to_tokens, run, score, token_offsets

CONLL = (
    "# a comment line\n"
    "-DOCSTART-\tO\n"
    "\n"
    "Macron\tB-PER\n"
    "visite\tO\n"
    "Hanoï\tB-LOC\n"
    ".\tO\n"
    "\n"
    "10 000\tO\n"
    "soldats\tO\n"
    "de\tO\n"
    "l'\tO\n"
    "ONU\tB-ORG\n"
    "\n"
    "\n"
    "Banque\tB-ORG\n"
    "mondiale\tI-ORG\n"
)


def _write(tmp_path, name, body, gz=True):
    path = tmp_path / name
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(body)
    else:
        path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize("gz", [False, True])
def test_read_conll_splits_on_last_tab_and_skips_docstart(tmp_path, gz):
    path = _write(tmp_path, "x-fr-val.conll" + (".gz" if gz else ""), CONLL, gz)
    sents = list(read_conll(path))
    assert [toks for toks, _ in sents] == [
        ["Macron", "visite", "Hanoï", "."],
        ["10 000", "soldats", "de", "l'", "ONU"],
        ["Banque", "mondiale"],
    ]
    assert sents[2][1] == ["B-ORG", "I-ORG"]
    assert len(list(read_conll(path, limit=2))) == 2


def test_lang_from_name():
    assert lang_from_name("/a/b/wikineural-fr-val.conll.gz") == "fr"
    assert lang_from_name("anercorp-ar-train.conll") == "ar"
    assert lang_from_name("mydata.conll") is None


def test_tags_to_spans_seqeval_style():
    assert tags_to_spans(["B-PER", "I-PER", "O", "B-LOC"]) == [(0, 2, "PER"), (3, 4, "LOC")]
    # I-X after O or after another type starts an entity; B-X after B-X ends the first one
    assert tags_to_spans(["O", "I-ORG", "I-ORG", "I-LOC", "B-LOC", "B-LOC"]) == [
        (1, 3, "ORG"), (3, 4, "LOC"), (4, 5, "LOC"), (5, 6, "LOC")]
    assert tags_to_spans(["B-MISC", "I-PER"]) == [(0, 1, "MISC"), (1, 2, "PER")]
    assert tags_to_spans([]) == []


def test_score_strict_exact_span_and_type():
    gold = [[(0, 2, "PER"), (3, 4, "LOC")], [(1, 2, "ORG")], []]
    pred = [[(0, 2, "PER"), (3, 4, "ORG")],  # right PER, LOC mistyped → 1 fp, 1 fn
            [(1, 3, "ORG")],  # wrong boundary → 1 fp, 1 fn
            [(0, 1, "MISC")]]  # spurious → 1 fp
    out = score(gold, pred)
    # tp=1, pred=4, gold=3 → P=0.25, R=1/3, F=2PR/(P+R)=0.2857
    assert (out["precision"], out["recall"], out["f1"]) == (0.25, 0.3333, 0.2857)
    assert out["by_type"]["PER"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "gold": 1, "pred": 1}
    assert out["by_type"]["LOC"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "gold": 1, "pred": 0}
    assert out["by_type"]["ORG"]["gold"] == 1 and out["by_type"]["ORG"]["pred"] == 2
    assert out["by_type"]["MISC"]["pred"] == 1
    no_misc = score(gold, pred, types=("PER", "ORG", "LOC"))
    assert (no_misc["precision"], no_misc["recall"]) == (0.3333, 0.3333)
    assert "MISC" not in no_misc["by_type"]


def test_score_perfect_and_empty():
    assert score([[(0, 1, "PER")]], [[(0, 1, "PER")]])["f1"] == 1.0
    assert score([[]], [[]]) == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "by_type": {}}


def test_char_spans_map_back_to_tokens():
    text, offsets = token_offsets(["Le", "10 000", "Nations", "unies", "."])
    assert text == "Le 10 000 Nations unies ."
    assert offsets[2] == (10, 17)
    # exact span; a span cutting into a token widens to it; whitespace-only span is dropped
    assert chars_to_tokens([(10, 23, "ORG", 0.9)], offsets) == [(2, 4, "ORG")]
    assert chars_to_tokens([(12, 20, "ORG", 0.9)], offsets) == [(2, 4, "ORG")]
    assert chars_to_tokens([(9, 10, "ORG", 0.9)], offsets) == []
    # overlapping after widening: the first (longest at a start) wins
    assert chars_to_tokens([(10, 17, "LOC", 1), (10, 23, "ORG", 1), (14, 17, "PER", 1)], offsets) == [
        (2, 4, "ORG")]


def test_run_with_fake_model(tmp_path, settings, monkeypatch):
    path = _write(tmp_path, "toy-fr-val.conll.gz", CONLL)
    seen = {}

    def fake_predict_many(texts, lang):
        texts = list(texts)
        seen["lang"], seen["texts"] = lang, texts
        by_text = {
            "Macron visite Hanoï .": [(0, 6, "PER", 0.9), (14, 19, "ORG", 0.9)],
            "10 000 soldats de l' ONU": [(21, 24, "ORG", 0.9)],
            "Banque mondiale": [(0, 6, "ORG", 0.9)],
        }
        return [by_text[t] for t in texts]

    monkeypatch.setattr(ner_eval.ner_model, "load", lambda lang: object())
    monkeypatch.setattr(ner_eval.ner_model, "predict_many", fake_predict_many)
    monkeypatch.setattr(ner_eval.ner_model, "model_name", lambda lang: "fake")
    out = run(path, settings)
    assert seen["lang"] == "fr" and seen["texts"][1] == "10 000 soldats de l' ONU"
    assert out["n"] == 3 and out["tokens"] == 11 and out["lang"] == "fr"
    # gold: PER, LOC, ORG, ORG(2 tokens); pred: PER ok, ORG(Hanoï) wrong, ONU ok, Banque wrong span
    assert (out["precision"], out["recall"], out["f1"]) == (0.5, 0.5, 0.5)
    assert out["without_misc"]["f1"] == 0.5
    assert out["docs_per_s"] > 0
    assert run(path, settings, limit=1, lang="xx")["n"] == 1
    assert seen["lang"] == "xx"


def test_run_language_without_model_scores_zero(tmp_path, settings):
    path = _write(tmp_path, "toy-zz-val.conll.gz", CONLL)
    out = run(path, settings)
    assert out["n"] == 3 and out["f1"] == 0.0 and out["model"] is None
    assert out["by_type"]["PER"]["gold"] == 1


def test_run_warns_when_the_model_was_trained_on_the_file(tmp_path, settings, monkeypatch):
    path = _write(tmp_path, "toy-en-val.conll.gz", CONLL)

    fake = SimpleNamespace(meta={"newsgraph_trained_on": {"toy-en-val.conll.gz": "sentences 0-2"}})
    monkeypatch.setattr(ner_eval.ner_model, "load", lambda lang: fake)
    monkeypatch.setattr(ner_eval.ner_model, "model_name", lambda lang: "models/x")
    monkeypatch.setattr(ner_eval.ner_model, "predict_many", lambda texts, lang: [[] for _ in texts])
    out = run(path, settings)
    assert "not held-out" in out["note"] and "sentences 0-2" in out["note"]
    other = _write(tmp_path, "other-en-val.conll.gz", CONLL)
    assert "note" not in run(other, settings)
