"""MinHash fingerprints for near-duplicate detection (the same article re-published with small edits).

Word 3-shingles of the folded text (each character of an unspaced script is a word), 32
MinHash values, cut into 8 bands of 4. Two texts that share a band are candidates; the
fraction of equal MinHash values estimates their Jaccard similarity, and at or above a
threshold they are near-duplicates. With 8×4 the chance to become a candidate is ≈ 0.5 at
Jaccard 0.6 and ≈ 0.98 at 0.85, while unrelated texts (Jaccard < 0.2) almost never collide.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from .normalise import fold
from .scripts import space_unspaced

NUM_HASHES = 32
BANDS = 8
ROWS = NUM_HASHES // BANDS
SHINGLE = 3
_WORD = re.compile(r"\w+")
_PRIME = np.uint64((1 << 61) - 1)
_rng = np.random.default_rng(20241226)  # fixed: fingerprints must not change between runs
_A = _rng.integers(1, (1 << 61) - 1, NUM_HASHES, dtype=np.uint64)
_B = _rng.integers(0, (1 << 61) - 1, NUM_HASHES, dtype=np.uint64)


def _shingle_hashes(folded: str) -> np.ndarray:
    words = _WORD.findall(space_unspaced(folded))
    if not words:
        return np.zeros(0, dtype=np.uint64)
    n = max(1, len(words) - SHINGLE + 1)
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(n)}
    hs = [int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big") >> 3 for s in shingles]
    return np.array(hs, dtype=np.uint64)


def minhash(text: str) -> np.ndarray:
    """32 uint64 MinHash values; all-max for an empty text (matches nothing)."""
    return minhash_folded(fold(text))


def minhash_folded(folded: str) -> np.ndarray:
    """minhash() of a text already folded (the store folds once for both the index and this)."""
    hs = _shingle_hashes(folded)
    if hs.size == 0:
        return np.full(NUM_HASHES, np.iinfo(np.uint64).max, dtype=np.uint64)
    # (a*x + b) mod p, in uint64 with wrap-around before the mod: a fixed, well-mixed permutation family
    perm = (np.outer(_A, hs) + _B[:, None]) % _PRIME
    return perm.min(axis=1)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 63-bit key per band (SQLite integers are signed)."""
    keys = []
    for b in range(BANDS):
        digest = hashlib.blake2b(sig[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big") >> 1)
    return keys


def similarity(a: np.ndarray | bytes, b: np.ndarray | bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    a = np.frombuffer(a, dtype=np.uint64) if isinstance(a, bytes) else a
    b = np.frombuffer(b, dtype=np.uint64) if isinstance(b, bytes) else b
    return float(np.mean(a == b))
