"""Embedding stored documents: each document's passages (title + lead, then following windows of
words), their offsets into the clean text kept, vectors from the store's content-hash cache where
it has them, stored with a KNN index (store/vectors.py).

Why title + lead first: e5-small on 2 cores costs ≈ 0.4 s for a 300-word text; news puts what a
story is about in its title and first sentences, and `max_passages` adds the rest when wanted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..config import Settings
from .cache import WriteBackCache
from .core import embed_texts, text_key
from .encoders import get_encoder

_WORD = re.compile(r"\S+")
BATCH_DOCS = 64


def passages(title: str | None, text: str, words: int, most: int) -> list[tuple[int, int, str]]:
    """(start, end, passage text) for up to `most` windows of `words` words of `text`; the first
    is prefixed with the title (its offsets stay those of the text it covers)."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    out: list[tuple[int, int, str]] = []
    for i in range(0, max(len(spans), 1), max(words, 1)):
        if len(out) >= most:
            break
        part = spans[i:i + words]
        start, end = (part[0][0], part[-1][1]) if part else (0, 0)
        body = text[start:end]
        if not out and title and not body.startswith(title.strip()):
            body = f"{title.strip()}\n{body}" if body else title.strip()
        if body.strip():
            out.append((start, end, body))
    return out


def embed_documents(store: Any, settings: Settings, progress: Callable[[int], None] | None = None,
                    limit: int | None = None) -> dict[str, int]:
    """Embed every stored document that has no passages of the configured model yet (resumable:
    each batch of documents is one transaction). Returns counts: documents, passages, encoded."""
    cfg = settings.embed
    encoder = get_encoder(cfg.model, cfg.threads)
    done = {"documents": 0, "passages": 0, "encoded": 0}
    last = 0
    while limit is None or done["documents"] < limit:
        size = BATCH_DOCS if limit is None else min(BATCH_DOCS, limit - done["documents"])
        rows = store.vectors.pending(encoder.name, last, size)
        if not rows:
            break
        last = rows[-1][0]
        items = [(rowid, i, s, e, body) for rowid, title, text in rows
                 for i, (s, e, body) in enumerate(passages(title, text or "", cfg.passage_words, cfg.max_passages))]
        cache = WriteBackCache(store.vectors)
        vecs = embed_texts([it[4] for it in items], encoder, "passage", cache, cfg.batch_size)
        keys = [text_key(encoder.name, "passage", it[4]) for it in items]
        store.vectors.write(encoder.name, [(r, i, s, e, k) for (r, i, s, e, _), k in zip(items, keys, strict=True)],
                            dict(zip(keys, vecs, strict=True)))
        done["documents"] += len(rows)
        done["passages"] += len(items)
        done["encoded"] += len(cache.new)
        if progress is not None:
            progress(len(rows))
    return done
