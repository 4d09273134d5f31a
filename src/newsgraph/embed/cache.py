"""Vectors cached by content: the key is a hash of encoder, kind and the exact text, so an
unchanged text is never embedded again, whichever document or query it comes from."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Protocol

import numpy as np


def vector_key(encoder: str, kind: str, text: str) -> str:
    return hashlib.sha256(f"{encoder}\n{kind}\n{text}".encode()).hexdigest()[:32]


class VectorCache(Protocol):
    def get_many(self, keys: Iterable[str]) -> dict[str, np.ndarray]: ...

    def put_many(self, items: Mapping[str, np.ndarray]) -> None: ...


class MemoryCache:
    """A process-local cache (evaluation, queries); with `max_items`, the oldest entries go first
    (long-lived processes: the API server, exports)."""

    def __init__(self, max_items: int | None = None) -> None:
        self._items: dict[str, np.ndarray] = {}
        self.max_items = max_items

    def get_many(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        return {k: self._items[k] for k in keys if k in self._items}

    def put_many(self, items: Mapping[str, np.ndarray]) -> None:
        self._items.update(items)
        if self.max_items is not None and len(self._items) > self.max_items:
            for key in list(self._items)[:len(self._items) - self.max_items]:
                del self._items[key]

    def __len__(self) -> int:
        return len(self._items)


class WriteBackCache:
    """Reads through to another cache (the store's `embeddings` table); vectors encoded meanwhile
    are kept in `new` — and answered from there — until the caller writes them with what they
    belong to, in one transaction."""

    def __init__(self, source: VectorCache) -> None:
        self.source = source
        self.new: dict[str, np.ndarray] = {}

    def get_many(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        keys = set(keys)
        found = {k: self.new[k] for k in keys if k in self.new}
        return {**self.source.get_many(keys - found.keys()), **found}

    def put_many(self, items: Mapping[str, np.ndarray]) -> None:
        self.new.update(items)
