"""Compose stages over batches; one bad item becomes a Rejection, never a failed batch.

The same `Pipeline.run_batch` runs in-process, in a process pool (ingest.workers > 1)
and, later, per Dask partition: it takes and returns plain Documents, touches no store.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..config import PipelineSettings, Settings
from ..errors import InputError, StageFailed
from ..model.document import Document, Rejection
from ..registry import stages

StageFn = Callable[[list[Document], Settings], list[Document]]

DEFAULT_STAGES = tuple(PipelineSettings().stages)  # one source of truth: config.py
READER_FIELDS = ("source", "raw", "kind", "raw_hash", "encoding", "meta")


@dataclass
class Stage:
    name: str
    fn: StageFn
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


def load_stage(name: str) -> Stage:
    fn = stages.get(name)
    module = importlib.import_module(fn.__module__)
    return Stage(name, fn, tuple(getattr(module, "REQUIRES", ())), tuple(getattr(module, "ASSIGNS", ())))


def check_chain(chain: Sequence[Stage]) -> None:
    """Every field a stage requires is set by a reader or an earlier stage (spaCy's pipe analysis)."""
    available = set(READER_FIELDS)
    for st in chain:
        missing = [f for f in st.requires if f not in available]
        if missing:
            raise ValueError(f"stage {st.name} requires {missing}, which no earlier stage assigns")
        available.update(st.assigns)


class Pipeline:
    def __init__(self, settings: Settings, names: Sequence[str] | None = None, raise_errors: bool = False):
        self.settings = settings
        self.stages = [load_stage(n) for n in (names or settings.pipeline.stages)]
        self.raise_errors = raise_errors
        check_chain(self.stages)

    def run_batch(self, docs: list[Document]) -> tuple[list[Document], list[Rejection]]:
        rejected: list[Rejection] = []
        for st in self.stages:
            if not docs:
                break
            docs = self._apply(st, docs, rejected)
        return docs, rejected

    def _apply(self, st: Stage, docs: list[Document], rejected: list[Rejection]) -> list[Document]:
        if len(docs) > 1:
            try:
                return st.fn(docs, self.settings)
            except Exception:
                pass  # find the bad item(s) below; the others go on
        out: list[Document] = []
        for doc in docs:
            out.extend(self._one(st, doc, rejected))
        return out

    def _one(self, st: Stage, doc: Document, rejected: list[Rejection]) -> list[Document]:
        try:
            return st.fn([doc], self.settings)
        except InputError as e:
            rejected.append(Rejection(doc.source, st.name.split(".")[0], e.code, e.message))
        except Exception as e:  # a bug: keep the batch going, report it as such
            if self.raise_errors:
                raise
            err = StageFailed(f"{type(e).__name__}: {e}")
            rejected.append(Rejection(doc.source, st.name.split(".")[0], err.code, err.message))
        return []
