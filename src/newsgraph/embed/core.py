"""`embed_texts`: prepare, deduplicate, look in the cache, encode only what is missing, in batches."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

import numpy as np

from .cache import VectorCache, vector_key
from .encoders import Encoder, Kind

# Arabic short vowels, tanwin, shadda, sukun (U+064B–U+0652), superscript alef (U+0670) and the
# tatweel (U+0640): optional in Arabic writing, and rare in the text the encoders were trained on.
_ARABIC_OPTIONAL = re.compile("[\u064b-\u0652\u0670\u0640]")


def prepare(text: str) -> str:
    """The form of `text` to encode: NFC, Arabic diacritics and tatweel removed.

    Why: the e5 engine maps code points one by one and never composes, so decomposed (NFD)
    Vietnamese comes out as unknown pieces (Tatoeba vie-eng: 0.89 → 0.13); and both e5 and USE
    match vowelled Arabic worse than plain Arabic (ara-eng +1 point). Hamza and madda letters are
    kept: folding them (أ إ آ → ا) lost accuracy. Text in other scripts is only NFC-normalised.
    """
    text = unicodedata.normalize("NFC", text)
    return _ARABIC_OPTIONAL.sub("", text) if _ARABIC_OPTIONAL.search(text) else text


def text_key(encoder: str, kind: str, text: str) -> str:
    """The cache key `embed_texts` gives this text (of the prepared form: texts that differ only by
    what `prepare` removes share one vector)."""
    return vector_key(encoder, kind, prepare(text))


def embed_texts(
    texts: Sequence[str],
    encoder: Encoder,
    kind: Kind = "passage",
    cache: VectorCache | None = None,
    batch_size: int = 32,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """(len(texts), dim) float32 vectors in input order. Identical texts are encoded once; with a
    cache, texts it already holds are not encoded at all. `progress(n)` is called after each batch
    with the number of texts it encoded. Every text is `prepare`d first (what the encoder sees; the
    caller's text and its offsets are untouched)."""
    texts = [prepare(t) for t in texts]
    keys = [vector_key(encoder.name, kind, t) for t in texts]  # = text_key(): the text is prepared already
    found = cache.get_many(set(keys)) if cache is not None else {}
    todo: dict[str, str] = {}
    for key, text in zip(keys, texts, strict=True):
        if key not in found and key not in todo:
            todo[key] = text
    pending = list(todo.items())
    for i in range(0, len(pending), batch_size):
        part = pending[i:i + batch_size]
        vecs = encoder.encode([t for _, t in part], kind)
        new = {k: v for (k, _), v in zip(part, vecs, strict=True)}
        found.update(new)
        if cache is not None:
            cache.put_many(new)
        if progress is not None:
            progress(len(part))
    if not texts:
        return np.zeros((0, encoder.dim), dtype=np.float32)
    return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)
