"""The runner: the stage chain is checked at start-up and one bad item never fails its batch."""

from __future__ import annotations

import pytest

from newsgraph.errors import EmptyInput
from newsgraph.model.document import Document
from newsgraph.pipeline.runner import Pipeline, Stage, check_chain
from newsgraph.registry import stages


def test_default_chain_is_consistent(settings):
    p = Pipeline(settings)
    assert [s.name for s in p.stages] == ["clean.v1", "langid.v1", "dates.v1", "mentions.docrefs.v1",
                                          "mentions.gazetteer.v1", "mentions.ner.v1", "mentions.coref.v1", "mentions.titles.v1"]


def test_chain_check_refuses_missing_inputs():
    needs_lang = Stage("x", lambda d, s: d, requires=("lang",), assigns=())
    with pytest.raises(ValueError, match="requires"):
        check_chain([needs_lang])


def _doc(text: str, source: str) -> Document:
    return Document(source=source, raw=text)


def test_bad_items_become_rejections_rest_goes_on(settings, monkeypatch):
    def fragile(docs, s):
        for d in docs:
            if "boom" in d.raw:
                raise RuntimeError("a bug")
            if "empty" in d.raw:
                raise EmptyInput("nothing left")
            d.text = d.raw
        return docs

    stages.names()  # load the built-ins first
    monkeypatch.setitem(stages._items, "fragile.v1", fragile)  # registered for this test only
    p = Pipeline(settings, ["fragile.v1"])
    out, rejected = p.run_batch([_doc("fine one", "a"), _doc("boom", "b"), _doc("empty", "c"), _doc("fine two", "d")])
    assert [d.source for d in out] == ["a", "d"]
    assert {(r.source, r.code) for r in rejected} == {("b", "NG110"), ("c", "NG103")}
    assert all(r.stage == "fragile" for r in rejected)


def test_full_chain_on_a_text_document(settings):
    doc = Document(source="x.txt", raw="Le ministère de la Défense a organisé le 27 décembre 2024 une conférence.",
                   meta={"date": "2024-12", "date_source": "header"})
    out, rejected = Pipeline(settings).run_batch([doc])
    assert not rejected
    d = out[0]
    assert d.lang == "fr" and d.published.date == "2024-12-27" and d.title
