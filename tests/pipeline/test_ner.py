"""pipeline/mentions/ner.py: spaCy-backed NER, label mapping, languages without a model."""

from __future__ import annotations

import time

import pytest

from newsgraph.pipeline.mentions import ner


def test_language_without_model_returns_empty():
    assert ner.predict("Angela Merkel besuchte Berlin.", "de") == []
    assert ner.predict("Anything", None) == []
    assert ner.predict_many(["a", "b"], "zz") == [[], []]
    assert ner.load("vi") is None


def test_empty_text_returns_empty():
    assert ner.predict("   ", "fr") == []


def test_ontonotes_mapping_is_documented_and_total():
    m = ner.MODELS["en"][-1][1]
    assert m["PERSON"] == "PER" and m["GPE"] == "LOC" and m["FAC"] == "LOC" and m["NORP"] == "MISC"
    assert "DATE" not in m and "CARDINAL" not in m
    assert set(m.values()) <= {"PER", "ORG", "LOC", "MISC"}


def _needs(lang):
    if not ner.available(lang):
        pytest.skip(f"no spaCy model installed for {lang}")


def test_english_model_offsets_and_types():
    _needs("en")
    text = "Joe Biden met officials of the United Nations in Hanoi on December 27."
    spans = ner.predict(text, "en")
    got = {(text[s:e], t) for s, e, t, _ in spans}
    assert ("Joe Biden", "PER") in got
    assert ("Hanoi", "LOC") in got
    assert all(t in {"PER", "ORG", "LOC", "MISC"} for _, t in got)  # DATE dropped
    assert all(0 < c <= 1 for *_, c in spans)


def test_french_model_loads_once_and_finds_entities():
    _needs("fr")
    t0 = time.perf_counter()
    text = "Emmanuel Macron a reçu Lương Cường à l'Élysée, à Paris."
    spans = ner.predict(text, "fr")
    got = {(text[s:e], t) for s, e, t, _ in spans}
    assert ("Emmanuel Macron", "PER") in got
    assert ("Paris", "LOC") in got
    first = ner.load("fr")
    assert ner.load("fr-FR") is first  # cached, region suffix ignored
    assert time.perf_counter() - t0 < 10


def test_english_uses_our_shipped_model_when_present():
    if not (ner.MODELS_DIR / "ner-en" / "config.cfg").is_file():
        pytest.skip("models/ner-en not shipped")
    _needs("en")
    assert ner.model_name("en") == "models/ner-en"
    assert ner.load("en").meta["newsgraph_trained_on"]


def test_ner_stage_adds_unlinked_names_and_keeps_pack_mentions(settings):
    """mentions.ner.v1 after the gazetteer: new names become mentions; pack-linked spans win overlaps."""
    from newsgraph.model.document import Document
    from newsgraph.pipeline.runner import Pipeline

    stages = ["clean.v1", "langid.v1", "dates.v1", "mentions.gazetteer.v1", "mentions.ner.v1"]
    doc = Document(source="x.txt", raw="Le président Emmanuel Macron a reçu Lương Cường à Paris mardi dernier.")
    out, rejected = Pipeline(settings, stages).run_batch([doc])
    assert not rejected
    d = out[0]
    by_text = {d.text[m.start:m.end]: m for m in d.mentions}
    assert by_text["Lương Cường"].entity_id == "luong-cuong"  # the pack's linked mention, not a NER duplicate
    assert by_text["Emmanuel Macron"].type == "PER" and by_text["Emmanuel Macron"].method == "ner.spacy.v1"
    assert all(d.text[m.start:m.end] for m in d.mentions)
