"""Name → factory tables. Names carry versions: a behaviour change is a new `.v2`, `.v1` stays.

Built-ins are registered in `_builtins()` below, imported lazily so `import newsgraph`
stays cheap. `tests/test_registry.py` snapshots the names, so renames are deliberate.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


class Registry:
    def __init__(self, kind: str):
        self.kind = kind
        self._items: dict[str, str | Callable[..., Any]] = {}

    def register(self, name: str, target: str | Callable[..., Any]) -> None:
        """`target` is a callable or a lazy "module:attr" string resolved on first use."""
        self._items[name] = target

    def get(self, name: str) -> Callable[..., Any]:
        _builtins()
        if name not in self._items:
            bare = {n.rsplit(".v", 1)[0]: n for n in sorted(self._items)}  # latest version of a bare name
            if name not in bare:
                raise KeyError(f"unknown {self.kind} {name!r}; known: {', '.join(self.names())}")
            name = bare[name]
        target = self._items[name]
        if isinstance(target, str):
            module, attr = target.split(":")
            target = getattr(importlib.import_module(module), attr)
            self._items[name] = target
        return target

    def names(self) -> list[str]:
        _builtins()
        return sorted(self._items)


stages = Registry("stage")
exporters = Registry("exporter")
eval_tasks = Registry("eval task")
encoders = Registry("encoder")

_loaded = False


def _builtins() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    stages.register("clean.v1", "newsgraph.pipeline.clean:clean")
    stages.register("langid.v1", "newsgraph.pipeline.langid:detect_language")
    stages.register("dates.v1", "newsgraph.pipeline.dates:find_dates")
    stages.register("mentions.docrefs.v1", "newsgraph.pipeline.mentions.docrefs:find_docrefs")
    stages.register("mentions.gazetteer.v1", "newsgraph.pipeline.mentions.gazetteer:find_gazetteer")
    stages.register("mentions.ner.v1", "newsgraph.pipeline.mentions.ner:find_entities")
    stages.register("mentions.coref.v1", "newsgraph.pipeline.mentions.coref:find_short_forms")
    stages.register("mentions.titles.v1", "newsgraph.pipeline.mentions.titles:find_titles")
    exporters.register("jsonl.v1", "newsgraph.export.jsonl:export_jsonl")
    exporters.register("csv.v1", "newsgraph.export.csv:export_csv")
    exporters.register("parquet.v1", "newsgraph.export.parquet:export_parquet")
    eval_tasks.register("langid.v1", "newsgraph.eval.langid:run")
    eval_tasks.register("dates.v1", "newsgraph.eval.dates:run")
    eval_tasks.register("extraction.v1", "newsgraph.eval.extraction:run")
    eval_tasks.register("ner.v1", "newsgraph.eval.ner:run")
    eval_tasks.register("linking.v1", "newsgraph.eval.linking:run")
    eval_tasks.register("retrieval.v1", "newsgraph.eval.retrieval:run")
    eval_tasks.register("clustering.v1", "newsgraph.eval.clustering:run")
    encoders.register("e5-small.v1", "newsgraph.embed.encoders:E5Small")
    encoders.register("use-m3.v1", "newsgraph.embed.encoders:UseM3")
