"""Similarity matrices for finding the translation of a text among candidates.

Plain cosine nearest neighbours suffer from hubs: some texts are close to everything and are
retrieved for many queries. The ratio margin of Artetxe & Schwenk (2019, "Margin-based parallel
corpus mining with multilingual sentence embeddings") divides each cosine by the mean cosine of
both texts to their k nearest neighbours, so a pair must stand out from its neighbourhoods.
Two encoders (or two views of one encoder) are combined by z-scoring each matrix first (their
cosines spread differently). BENCHMARKS.md, "Cross-lingual sentence retrieval", says what each step gains.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


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
