"""eval linking: pairwise scores on tiny hand-made inputs, the gold file's shape, one real run on dev."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from newsgraph.eval import linking as L

DATA_DIR = Path(L.__file__).resolve().parents[1] / "data" / "eval" / "linking"
GOLD_FILE = DATA_DIR / "linking-v1.jsonl"


def g(key: str, entity: str, lang: str = "en", start: int = 0, end: int = 5, type: str = "PER",
      confusable: tuple[str, ...] = (), case: str | None = None) -> L.Gold:
    return L.Gold(key, key.split("#")[0], lang, start, end, type, entity, case, confusable)


def aligned(pred: dict[str, str | None]) -> L.Alignment:
    return L.Alignment(entity=dict(pred), found={k for k in pred})


# -- pairwise ------------------------------------------------------------------------------------
def test_one_predicted_cluster_for_two_gold_entities_costs_precision_not_recall() -> None:
    gold = [g("d#0", "a"), g("d#1", "a"), g("d#2", "b")]
    pred = L.predicted_labels(gold, aligned({"d#0": "x", "d#1": "x", "d#2": "x"}))
    assert L.pair_counts(gold, pred) == (1, 3, 1)
    assert L.pairwise(gold, pred) == {"n": 3, "precision": 0.3333, "recall": 1.0, "f1": 0.5, "gold_pairs": 1,
                                      "predicted_pairs": 3}


def test_unlinked_mentions_are_singletons_never_one_cluster() -> None:
    gold = [g("d#0", "a"), g("d#1", "a")]
    pred = L.predicted_labels(gold, aligned({"d#0": None, "d#1": None}))
    assert pred["d#0"] != pred["d#1"]
    out = L.pairwise(gold, pred)
    assert (out["precision"], out["recall"], out["f1"]) == (None, 0.0, None)  # no predicted pair: undefined


def test_all_different_entities_kept_apart_has_no_recall_to_measure() -> None:
    gold = [g("d#0", "a"), g("d#1", "b")]
    pred = L.predicted_labels(gold, aligned({"d#0": "x", "d#1": "y"}))
    assert L.pairwise(gold, pred)["recall"] is None
    merged = L.predicted_labels(gold, aligned({"d#0": "x", "d#1": "x"}))
    assert L.pairwise(gold, merged)["precision"] == 0.0


def test_perfect_prediction_with_other_ids_scores_one() -> None:
    gold = [g("d#0", "new:per-x"), g("e#0", "new:per-x"), g("e#1", "new:per-y")]
    pred = L.predicted_labels(gold, aligned({"d#0": "per:x-1", "e#0": "per:x-1", "e#1": "per:y-7"}))
    out = L.pairwise(gold, pred)
    assert (out["precision"], out["recall"], out["f1"]) == (1.0, 1.0, 1.0)


def test_cross_lingual_keeps_only_pairs_across_languages() -> None:
    gold = [g("a#0", "p", "en"), g("a#1", "p", "en"), g("b#0", "p", "fr")]
    pred = L.predicted_labels(gold, aligned({"a#0": "p", "a#1": "p", "b#0": None}))
    assert L.pairwise(gold, pred)["recall"] == pytest.approx(0.3333)
    cross = L.cross_lingual(gold, pred)
    assert cross["gold_pairs"] == 2 and cross["recall"] == 0.0
    assert L.by_language(gold, pred, {"a#0", "a#1"})["en"]["recall"] == 1.0


def test_pack_accuracy_and_false_pack_links() -> None:
    gold = [g("d#0", "luong-cuong"), g("d#1", "luong-cuong"), g("d#2", "new:per-fisher")]
    pred = L.predicted_labels(gold, aligned({"d#0": "luong-cuong", "d#1": "per:cuong", "d#2": "nguyen-van-an"}))
    assert L.pack_accuracy(gold, pred) == {"pack_mentions": 2, "pack_accuracy": 0.5}
    assert L.pack_accuracy(gold[2:], pred)["pack_accuracy"] is None  # nothing to measure, not 0
    out = L.false_pack_links(gold, pred, {"luong-cuong", "nguyen-van-an"})
    assert out["false_pack_links"] == 1 and out["false_pack_link_rate"] == 1.0


def test_hard_negatives_count_only_declared_confusable_pairs_merged() -> None:
    gold = [g("d#0", "new:per-john-smith-au", confusable=("new:per-mary-smith",)),
            g("e#0", "new:per-mary-smith"), g("f#0", "new:per-other")]
    merged = L.predicted_labels(gold, aligned({"d#0": "smith", "e#0": "smith", "f#0": "smith"}))
    apart = L.predicted_labels(gold, aligned({"d#0": "smith", "e#0": "mary", "f#0": "smith"}))
    assert L.hard_negatives(gold, merged) == {"hard_negative_pairs": 1, "hard_negative_errors": 1,
                                              "hard_negative_error_rate": 1.0, "hard_negative_entity_pairs": 1,
                                              "hard_negative_entity_pairs_merged": 1}
    assert L.hard_negatives(gold, apart)["hard_negative_errors"] == 0
    assert L.hard_negatives(gold, apart)["hard_negative_entity_pairs_merged"] == 0


# -- matching spans --------------------------------------------------------------------------------
def test_match_prefers_the_exact_span_then_a_same_type_overlap() -> None:
    gold = [g("d#0", "a", start=0, end=10), g("d#1", "b", start=20, end=30, type="ORG"),
            g("d#2", "c", start=40, end=45)]
    pred = [L.Predicted(0, 10, "PER", None), L.Predicted(0, 10, "PER", "x"), L.Predicted(2, 8, "PER", "y"),
            L.Predicted(22, 35, "LOC", "loc"), L.Predicted(18, 24, "ORG", "org"),
            L.Predicted(46, 50, "PER", "far")]
    out = L.match(gold, pred)
    assert out.entity == {"d#0": "x", "d#1": "org", "d#2": None}
    assert out.found == {"d#0", "d#1"}


def test_stored_offsets_are_mapped_back_when_cleaning_changed_the_text() -> None:
    gold_text = "President Luong Cuong met Maria Keller."
    stored = {"text": "  President Luong Cuong met Maria Keller.", "mentions": [
        {"start": 12, "end": 23, "type": "PER", "entity_id": "luong-cuong"},
        {"start": 0, "end": 5, "type": "DOCREF", "entity_id": None}]}
    preds = L.stored_predictions(gold_text, stored)
    assert preds == [L.Predicted(10, 21, "PER", "luong-cuong")]
    assert gold_text[10:21] == "Luong Cuong"


def test_gold_offsets_that_miss_their_text_are_refused() -> None:
    rec = {"id": "x", "lang": "en", "text": "Hanoi today", "mentions": [
        {"start": 1, "end": 6, "text": "Hanoi", "type": "LOC", "entity": "vn-ha-noi"}]}
    with pytest.raises(ValueError, match="do not hold"):
        L.gold_mentions([rec])


# -- the gold file ---------------------------------------------------------------------------------
def _build_module():
    spec = importlib.util.spec_from_file_location("linking_build", DATA_DIR / "build.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_gold_file_is_what_the_annotated_source_builds() -> None:
    build = _build_module()
    docs = build.parse_source((DATA_DIR / "linking-v1.src.txt").read_text(encoding="utf-8"))
    build.check(docs)
    on_disk = [json.loads(line) for line in GOLD_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert on_disk == docs


def test_gold_file_covers_what_the_issue_asks() -> None:
    records = L.load_records(GOLD_FILE)
    gold = L.gold_mentions(records)
    assert len(gold) >= 300
    for lang in ("en", "fr", "ar", "vi", "zh"):
        assert sum(m.lang == lang for m in gold) >= 50, lang
    assert {r["split"] for r in records} == {"dev", "test"}
    hard = [m for m in gold if m.case and m.case.startswith(("hard-negative", "homonym"))]
    assert len(hard) >= 40 and all(m.confusable for m in hard)
    pack_ids = L.pack_entity_ids()
    unknown = {m.entity for m in gold if m.in_pack and m.entity not in pack_ids}
    assert not unknown, f"gold names pack ids no pack has: {unknown}"
    dates = [r["date"] for r in records]
    assert dates == sorted(dates) and dates[0] >= "2019" and dates[-1] < "2027"


def test_build_reads_inline_marks_into_offsets() -> None:
    build = _build_module()
    text, mentions = build.parse_text("Mr [[Smith|new:per-s|PER|surname-alone|new:per-t]] met [[NATO|nato|ORG]].")
    assert text == "Mr Smith met NATO."
    assert mentions[0] == {"start": 3, "end": 8, "text": "Smith", "type": "PER", "entity": "new:per-s",
                           "case": "surname-alone", "confusable": ["new:per-t"]}
    assert text[mentions[1]["start"] : mentions[1]["end"]] == "NATO"


# -- a real run ------------------------------------------------------------------------------------
def test_run_on_part_of_dev_through_the_real_pipeline(settings) -> None:
    result = L.run(GOLD_FILE, settings, split="dev", limit=6, details=True)
    assert result["docs"] == result["stored"] == 6 and result["rejected"] == 0
    assert result["n"] == sum(len(r["mentions"]) for r in L.load_records(GOLD_FILE, "dev", 6))
    assert result["found"] > 0.5  # the pack gazetteer alone finds most pack names
    assert result["pack_accuracy"] > 0.5
    for key in ("precision", "recall", "f1", "cross_lingual", "by_lang", "hard_negative_errors", "docs_per_s"):
        assert key in result
    rows = result["mentions"]
    assert len(rows) == result["n"] and all(r["found"] for r in rows if r["predicted"])
    assert sum(r["found"] for r in rows) / len(rows) == pytest.approx(result["found"], abs=1e-4)
    right = [r for r in rows if r["predicted"] == r["gold"]]
    assert right and all(not r["gold"].startswith("new:") for r in right)  # new: labels are never ids
