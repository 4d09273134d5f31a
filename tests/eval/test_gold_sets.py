"""The hand-written NER gold sets in data/eval/ner/: parse, valid IOB2, NFC, sizes, no dev/test leak."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from pathlib import Path

import pytest

import newsgraph
from newsgraph.eval.conll import lang_from_name, read_conll, tags_to_spans

DIR = Path(newsgraph.__file__).parent / "data" / "eval" / "ner"
TYPES = {"PER", "ORG", "LOC", "MISC"}
MINIMUM = {  # file → (sentences, entities)
    "vinews-vi-dev.conll": (100, 150),
    "vinews2-vi-dev.conll": (200, 300),
    "vinews-vi-test.conll": (220, 300),
    "zhnews-zh-dev.conll": (50, 80),
    "zhnews-zh-test.conll": (100, 150),
}
FILES = sorted(MINIMUM)
_ZH_TOKEN = re.compile(r"^(?:[A-Za-z0-9]+(?:[-.,:/][A-Za-z0-9]+)*|\S)$")


def _sentences(name: str) -> list[tuple[list[str], list[str]]]:
    return list(read_conll(DIR / name))


def test_all_files_present_and_named_by_language():
    assert sorted(p.name for p in DIR.glob("*.conll")) == FILES
    assert {name: lang_from_name(name) for name in FILES} == {
        "vinews-vi-dev.conll": "vi", "vinews-vi-test.conll": "vi", "vinews2-vi-dev.conll": "vi",
        "zhnews-zh-dev.conll": "zh", "zhnews-zh-test.conll": "zh"}


@pytest.mark.parametrize("name", FILES)
def test_strict_iob2_nfc_and_sizes(name):
    raw = (DIR / name).read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", raw)
    assert "\r" not in raw and not raw.startswith("\ufeff")
    sentences = _sentences(name)
    n_entities = 0
    for tokens, tags in sentences:
        assert len(tokens) == len(tags)
        for i, (tok, tag) in enumerate(zip(tokens, tags, strict=True)):
            assert tok and not any(c.isspace() for c in tok), (name, tokens)
            assert tag == "O" or (tag[:2] in ("B-", "I-") and tag[2:] in TYPES), (name, tag)
            if tag.startswith("I-"):  # strict IOB2: I-X only continues B-X / I-X
                assert i > 0 and tags[i - 1][2:] == tag[2:] and tags[i - 1] != "O", (name, tokens)
        n_entities += len(tags_to_spans(tags))
        if lang_from_name(name) == "zh":
            assert all(_ZH_TOKEN.match(t) for t in tokens), tokens
        else:
            assert all(t[0].isalnum() or len(t) == 1 for t in tokens), tokens  # punctuation split off
    min_sentences, min_entities = MINIMUM[name]
    assert len(sentences) >= min_sentences
    assert n_entities >= min_entities
    assert len({tuple(toks) for toks, _ in sentences}) == len(sentences), "duplicate sentence"
    no_entity = sum(1 for _, tags in sentences if not tags_to_spans(tags))
    assert 0.05 * len(sentences) <= no_entity <= 0.2 * len(sentences)
    kinds = {k for _, tags in sentences for _, _, k in tags_to_spans(tags)}
    assert kinds == TYPES


@pytest.mark.parametrize(("dev_name", "test_name"), [
    ("vinews-vi-dev.conll", "vinews-vi-test.conll"), ("vinews2-vi-dev.conll", "vinews-vi-test.conll"),
    ("vinews2-vi-dev.conll", "vinews-vi-dev.conll"), ("zhnews-zh-dev.conll", "zhnews-zh-test.conll")])
def test_no_sentence_in_both_dev_and_test(dev_name, test_name):
    dev = {tuple(toks) for toks, _ in _sentences(dev_name)}
    other = {tuple(toks) for toks, _ in _sentences(test_name)}
    shared = len(dev & other)  # a count only: a failure must not print test sentences
    assert shared == 0, f"{shared} sentences in both {dev_name} and {test_name}"


def _build_module():
    spec = importlib.util.spec_from_file_location("gold_build", DIR / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", FILES)
def test_bracket_form_round_trips(name, tmp_path):
    """`build.py show` then `build.py build` gives the file back, byte for byte."""
    build = _build_module()
    source = tmp_path / "source.txt"
    source.write_text(build.show(DIR / name), encoding="utf-8")
    out = tmp_path / name
    build.build(source, out)
    assert out.read_text(encoding="utf-8") == (DIR / name).read_text(encoding="utf-8")


def test_bracket_sources_build_the_files(tmp_path):
    """A set kept with its bracket source (`<name>.txt`) is exactly what `build.py build` makes of it."""
    build = _build_module()
    sources = sorted(DIR.glob("*.txt"))
    assert [p.stem for p in sources] == ["vinews2-vi-dev"]
    for source in sources:
        out = tmp_path / f"{source.stem}.conll"
        build.build(source, out)
        assert out.read_text(encoding="utf-8") == (DIR / out.name).read_text(encoding="utf-8")


def test_readme_counts_match_the_files():
    readme = (DIR / "README.md").read_text(encoding="utf-8")
    for name in FILES:
        sentences = _sentences(name)
        kinds = [k for _, tags in sentences for _, _, k in tags_to_spans(tags)]
        cells = [len(sentences), sum(len(t) for t, _ in sentences),
                 *(kinds.count(k) for k in ("PER", "ORG", "LOC", "MISC")), len(kinds),
                 sum(1 for _, tags in sentences if not tags_to_spans(tags))]
        row = f"| `{name}` | " + " | ".join(map(str, cells)) + " |"
        assert row in readme, row
