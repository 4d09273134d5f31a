"""`newsgraph eval retrieval`: the scoring on known vectors, and a small file through the real encoder."""

from __future__ import annotations

import numpy as np

from newsgraph.eval.retrieval import score


def test_score_both_directions():
    eye = np.eye(3, dtype=np.float32)
    assert score(eye, eye) == {"n": 3, "accuracy": 1.0, "xx_to_en": 1.0, "en_to_xx": 1.0}
    english = eye[[1, 0, 2]]  # rows 0 and 1 swapped: only row 2 is right either way
    got = score(eye, english)
    assert got["xx_to_en"] == round(1 / 3, 4) and got["en_to_xx"] == round(1 / 3, 4)
    # an English row near two foreign rows: each foreign row finds its own, but not each English one
    english = np.array([[1, 0, 0], [0.9, 0.1, 0], [0, 0, 1]], dtype=np.float32)
    english /= np.linalg.norm(english, axis=1, keepdims=True)
    got = score(eye, english)
    assert got["xx_to_en"] == 1.0 and got["en_to_xx"] == round(2 / 3, 4)


def test_eval_retrieval_cli_on_a_small_file(tmp_path, cli):
    pairs = [("Le chat dort sur le canapé.", "The cat is sleeping on the sofa."),
             ("Il pleut depuis trois jours.", "It has been raining for three days."),
             ("Le ministre a signé l'accord.", "The minister signed the agreement."),
             ("J'aime le café noir.", "I like black coffee.")]
    data = tmp_path / "pairs.tsv"  # the language comes from the text, not the name
    data.write_text("".join(f"{f}\t{e}\n" for f, e in pairs), encoding="utf-8")
    result = cli("eval", "retrieval", "--data", str(data))
    assert result.exit_code == 0, result.stderr
    got = result.json
    assert got["task"] == "retrieval" and got["n"] == 4 and got["lang"] == "fr"
    assert got["accuracy"] == 1.0 and got["items_per_s"] > 0
    assert "use-m3.v1" in got["method"] and "margin" in got["method"]  # both encoders know fr and en
    assert "query+passage" in got["method"] and "prepared" in got["method"]
    base = cli("eval", "retrieval", "--data", str(data), "--baseline").json
    assert base["method"] == "e5-small.v1 cosine" and base["accuracy"] == 1.0


def test_ratio_margin_lifts_a_hub():
    """Column 0 is near every row (a hub): by cosine row 1 picks it; by margin its own column."""
    from newsgraph.embed.similarity import combine, ratio_margin

    sims = np.array([[0.90, 0.20, 0.10],
                     [0.85, 0.80, 0.10],
                     [0.80, 0.10, 0.75]])
    assert sims[1].argmax() == 0 and sims[2].argmax() == 0
    margin = ratio_margin(sims, k=2)
    assert margin[1].argmax() == 1 and margin[2].argmax() == 2 and margin[0].argmax() == 0
    assert ratio_margin(sims, k=0) is sims
    both = combine([sims, sims * 10], [0.5, 0.5])  # z-scoring removes the scale
    assert np.allclose(both - both.min(), combine([sims], [1.0]) - combine([sims], [1.0]).min())


def test_prepare_drops_arabic_diacritics_and_composes():
    """Vowel marks, shadda and tatweel go, hamza letters stay; NFD Vietnamese is composed."""
    import unicodedata

    from newsgraph.embed.core import prepare

    assert prepare("قدّم سامي مالاً") == "قدم سامي مالا"
    assert prepare("جميـــل") == "جميل"
    assert prepare("أراد إلى آخر") == "أراد إلى آخر"  # alef forms are not folded
    nfd = unicodedata.normalize("NFD", "Lương Cường")
    assert nfd != "Lương Cường" and prepare(nfd) == "Lương Cường"
    for text in ("The cat sleeps.", "我们走吧。", "Всё хорошо.", ""):
        assert prepare(text) == text
