"""eval/ner.py token_offsets: CJK gold tokens (one Han character each) are joined without spaces."""

from __future__ import annotations

from newsgraph.eval.ner import chars_to_tokens, run, token_offsets


def test_cjk_tokens_join_without_spaces_and_offsets_stay_exact():
    tokens = ["越", "南", "总", "理", "范", "明", "政", "会", "见", "UN", "代", "表", "，", "2024", "年"]
    text, offsets = token_offsets(tokens)
    assert text == "越南总理范明政会见 UN 代表， 2024 年"  # a space only next to a non-CJK token
    assert all(text[s:e] == tok for tok, (s, e) in zip(tokens, offsets, strict=True))
    assert chars_to_tokens([(4, 7, "PER", 0.9)], offsets) == [(4, 7, "PER")]


def test_non_cjk_tokens_keep_single_spaces():
    text, offsets = token_offsets(["Hà", "Nội", ",", "2024"])
    assert text == "Hà Nội , 2024" and offsets[1] == (3, 6)


def test_run_scores_chinese_with_the_rules(tmp_path, settings):
    body = "".join(f"{c}\t{t}\n" for c, t in [
        ("部", "O"), ("长", "O"), ("李", "B-PER"), ("国", "I-PER"), ("华", "I-PER"), ("访", "O"),
        ("问", "O"), ("北", "B-LOC"), ("京", "I-LOC"), ("。", "O")])
    path = tmp_path / "toy-zh-dev.conll"
    path.write_text(body, encoding="utf-8")
    out = run(path, settings)
    assert out["model"] == "rules:zh" and out["n"] == 1
    assert out["by_type"]["LOC"]["precision"] == 1.0 and out["by_type"]["LOC"]["recall"] == 1.0
