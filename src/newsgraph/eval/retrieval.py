"""`newsgraph eval retrieval --data FILE`: cross-lingual sentence retrieval (Tatoeba-style).

Data: TSV `foreign<TAB>english`, line i of one column the translation of line i of the other.
For every sentence of each column the best-matching sentence of the other column is retrieved;
it is right when it is the same line. Prints `n`, `accuracy` (mean of both directions, as the
LaBSE and SBERT-distillation papers report), `xx_to_en`, `en_to_xx`, `lang` (the foreign
column's language, identified by our langid), `method` and `items_per_s` (sentences per second,
model loading included).

Method (`[embed]` settings and `embed/similarity.py`): every text `prepare`d (NFC, Arabic
diacritics and tatweel dropped); the main encoder's cosines as the mean of its query-prefixed and
passage-prefixed views (two readings of one model: +2 points on Vietnamese, where no second
encoder helps), z-scored and mixed with the second encoder's where that one knows both languages,
then the ratio margin: the way the system matches translations. `--baseline`: the main encoder's
plain query cosine on the raw text, as the published anchors are computed.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from ..config import Settings
from ..embed import MemoryCache, embed_texts, get_encoder
from ..embed.core import prepare
from ..embed.encoders import Kind
from ..embed.similarity import combine, ratio_margin
from ..pipeline.langid import identify
from .data import read_tsv_pairs

SAMPLE = 200  # sentences whose concatenation names a column's language
# views of the main encoder averaged for matching translations (a setting once the method settles)
VIEWS: tuple[Kind, ...] = ("query", "passage")


def accuracy(sims: np.ndarray) -> dict:
    """Best-match accuracy both ways over a foreign × English score matrix (row i ↔ column i)."""
    gold = np.arange(sims.shape[0])
    xx_to_en = float(np.mean(sims.argmax(axis=1) == gold)) if len(gold) else 0.0
    en_to_xx = float(np.mean(sims.argmax(axis=0) == gold)) if len(gold) else 0.0
    return {"n": len(gold), "accuracy": round((xx_to_en + en_to_xx) / 2, 4),
            "xx_to_en": round(xx_to_en, 4), "en_to_xx": round(en_to_xx, 4)}


def score(foreign: np.ndarray, english: np.ndarray) -> dict:
    """Plain cosine accuracy over L2-normalised row vectors."""
    return accuracy(foreign @ english.T)


def _language(texts: list[str], settings: Settings) -> str | None:
    return identify(" ".join(texts[:SAMPLE]), settings)[0]


def _cosines(name: str, foreign: list[str], english: list[str], settings: Settings,
             kinds: tuple[Kind, ...] = ("query",)) -> np.ndarray:
    """Foreign × English cosines of encoder `name`, averaged over its `kinds` of vectors."""
    encoder = get_encoder(name, settings.embed.threads)
    cache = MemoryCache()
    total = np.zeros((len(foreign), len(english)), dtype=np.float32)
    for kind in kinds:
        f = embed_texts(foreign, encoder, kind, cache, settings.embed.batch_size)
        e = embed_texts(english, encoder, kind, cache, settings.embed.batch_size)
        total += f @ e.T
    return total / len(kinds)


def run(path: str | Path, settings: Settings, limit: int | None = None, baseline: bool = False) -> dict:
    pairs = read_tsv_pairs(path)
    pairs = pairs[:limit] if limit else pairs
    foreign, english = [f for f, _ in pairs], [e for _, e in pairs]
    cfg = settings.embed
    langs = {_language(foreign, settings), _language(english, settings)}
    start = time.perf_counter()
    if baseline:
        sims = _cosines(cfg.model, foreign, english, settings)
        method = f"{cfg.model} cosine"
    else:
        foreign, english = [prepare(t) for t in foreign], [prepare(t) for t in english]
        sims = _cosines(cfg.model, foreign, english, settings, VIEWS)
        method = f"{cfg.model} ({'+'.join(VIEWS)})"
        second = get_encoder(cfg.second_model, cfg.threads) if cfg.second_model else None
        if second is not None and second.languages is not None and None not in langs and langs <= second.languages:
            sims = combine([sims, _cosines(cfg.second_model, foreign, english, settings)],
                           [1 - cfg.second_weight, cfg.second_weight])
            method += f" + {cfg.second_model} (z-scored, {1 - cfg.second_weight:g}/{cfg.second_weight:g})"
        if cfg.margin_k > 0:
            sims = ratio_margin(sims, cfg.margin_k)
            method += f", ratio margin k={cfg.margin_k}"
        method += "; text prepared"
    elapsed = time.perf_counter() - start
    result = accuracy(sims)
    result.update({"lang": _language(foreign, settings), "method": method,
                   "items_per_s": round(2 * len(pairs) / elapsed, 1) if elapsed else 0.0})
    return result
