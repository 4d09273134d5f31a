"""Similarity matrices for finding the translation of a text among candidates.

Plain cosine nearest neighbours suffer from hubs: some texts are close to everything and are
retrieved for many queries. The ratio margin of Artetxe & Schwenk (2019, "Margin-based parallel
corpus mining with multilingual sentence embeddings") divides each cosine by the mean cosine of
both texts to their k nearest neighbours, so a pair must stand out from its neighbourhoods.
Two encoders (or two views of one encoder) are combined by z-scoring each matrix first (their
cosines spread differently). `prepare` is the text the encoders should see (BENCHMARKS.md,
"Cross-lingual sentence retrieval", says what each step gains).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np

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


def ratio_margin(sims: np.ndarray, k: int = 2) -> np.ndarray:
    """cos(x, y) / mean(mean cos of x to its k nearest ys, mean cos of y to its k nearest xs)."""
    if sims.size == 0 or k <= 0:
        return sims
    kx, ky = min(k, sims.shape[1]), min(k, sims.shape[0])
    near_x = np.partition(sims, sims.shape[1] - kx, axis=1)[:, -kx:].mean(axis=1)
    near_y = np.partition(sims, sims.shape[0] - ky, axis=0)[-ky:, :].mean(axis=0)
    denom = (near_x[:, None] + near_y[None, :]) / 2
    return sims / np.where(np.abs(denom) < 1e-6, 1e-6, denom)


def zscore(sims: np.ndarray) -> np.ndarray:
    std = float(sims.std())
    return (sims - sims.mean()) / (std if std > 1e-9 else 1.0)


def combine(matrices: Sequence[np.ndarray], weights: Sequence[float]) -> np.ndarray:
    """Weighted sum of z-scored similarity matrices, shifted to be positive (for the margin)."""
    total = sum(w * zscore(m) for m, w in zip(matrices, weights, strict=True))
    return total - total.min() + 1e-3
