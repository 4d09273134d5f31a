"""pipeline/mentions/ner_crf.py: the CRF recogniser's tokenizer, Arabic features, offsets, loading."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.pipeline.mentions import ner_crf

MODEL_DIR = Path(ner_crf.__file__).resolve().parents[2] / "models" / "ner-ar-crf"


def _model() -> ner_crf.CrfModel:
    pytest.importorskip("pycrfsuite")
    model = ner_crf.load(MODEL_DIR)
    if model is None:
        pytest.skip("models/ner-ar-crf not present")
    return model


def test_tokenize_keeps_offsets_and_splits_punctuation():
    text = "قال (د ب أ) إن «الأهرام» نشرت 6.3 مليون نسخة، و CNN أيضاً."
    tokens = ner_crf.tokenize(text)
    assert all(text[s:e] == w for s, e, w in tokens)
    words = [w for _, _, w in tokens]
    assert "(" in words and "«" in words and "،" in words and "6.3" in words and "CNN" in words
    assert "أيضاً" in words  # diacritics stay inside the word


def test_normalise_and_clitics():
    assert ner_crf.normalise("إلى") == "الي"
    assert ner_crf.normalise("مدرسةٌ") == "مدرسه"
    assert ner_crf.normalise("القـاهرة") == "القاهره"
    assert ner_crf.strip_proclitic(ner_crf.normalise("وبالقاهرة")) == ("وبال", "قاهره")
    assert ner_crf.strip_proclitic(ner_crf.normalise("للاتحاد")) == ("لل", "اتحاد")
    assert ner_crf.strip_proclitic("ال") == ("", "ال")  # too short to strip
    assert ner_crf.strip_suffix("مصريون") == ("مصر", "يون")


def test_tags_to_char_spans():
    tokens = ner_crf.tokenize("زار جورج بوش باريس")
    spans = ner_crf.tags_to_char_spans(tokens, ["O", "B-PER", "I-PER", "I-LOC"])
    assert spans == [(4, 12, "PER"), (13, 18, "LOC")]


def test_missing_model_dir(tmp_path):
    assert ner_crf.load(tmp_path / "nothing") is None
    assert ner_crf.predict_many(["نص", "آخر"], tmp_path / "nothing") == [[], []]
    assert ner_crf.predict_many([], tmp_path / "nothing") == []


def test_empty_text_gives_nothing():
    _model()
    assert ner_crf.predict_many(["", "   "], MODEL_DIR) == [[], []]


def test_person_and_place_with_exact_offsets():
    _model()
    text = "وقال الرئيس الأمريكي جورج بوش في واشنطن إن المحادثات ستستمر ."
    spans = ner_crf.predict_many([text], MODEL_DIR)[0]
    got = {(text[s:e], t) for s, e, t, _ in spans}
    assert ("جورج بوش", "PER") in got
    assert ("واشنطن", "LOC") in got
    for s, e, t, conf in spans:
        assert text[s:e] == text[s:e].strip() and t in ner_crf.TYPES and 0 < conf <= 1


def test_model_is_cached_per_directory():
    model = _model()
    assert ner_crf.load(MODEL_DIR) is model
    assert model.meta["newsgraph_trained_on"]["anercorp-ar-train.conll.gz"].startswith("sentences 0-2990")


def test_russian_model_if_present():
    pytest.importorskip("pycrfsuite")
    ru_dir = MODEL_DIR.with_name("ner-ru-crf")
    if ner_crf.load(ru_dir) is None:
        pytest.skip("models/ner-ru-crf not present")
    text = "Президент России Владимир Путин прибыл в Берлин."
    got = {(text[s:e], t) for s, e, t, _ in ner_crf.predict_many([text], ru_dir)[0]}
    assert ("Владимир Путин", "PER") in got and ("Берлин", "LOC") in got


def test_cached_attributes_are_exactly_those_of_sentence_features():
    """The tagger is fed per-word cached pieces: the attributes crfsuite sees must be the same as
    from the feature dicts the model was trained on (two passes: cold and warm cache)."""
    import pycrfsuite

    from newsgraph.pipeline.mentions import ner_crf
    from newsgraph.pipeline.mentions.ner import MODELS_DIR

    model = ner_crf.load(MODELS_DIR / "ner-ar-crf")
    if model is None:
        pytest.skip("models/ner-ar-crf not present")
    text = "قال الرئيس المصري حسني مبارك في القاهرة يوم الاثنين إن المحادثات ستستمر . وأكد مبارك ذلك ."
    words = [t[2] for t in ner_crf.tokenize(text)]
    full = ner_crf.sentence_features(words, model.lexicon, model.lang)
    expected = [{k: v for k, v in item.items() if k in model.known} for item in pycrfsuite.ItemSequence(full).items()]
    assert sum(map(len, expected)) < sum(len(item) for item in pycrfsuite.ItemSequence(full).items())
    for _ in range(2):
        got = pycrfsuite.ItemSequence(model.items(words)).items()
        # only the attributes crfsuite would have dropped are left out: same attributes, same tags
        assert [{k: v for k, v in item.items() if k in model.known} for item in got] == expected
        assert model.tagger.tag(model.items(words)) == model.tagger.tag(full)
