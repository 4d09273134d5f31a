"""A short extractive summary of a story, in any of its languages, whose sentences keep their
document and character offsets.

Candidates are the first sentences of each member (news says what happened first); each is embedded
("query:", the task is symmetric), and sentences are chosen by maximal marginal relevance (Carbonell &
Goldstein 1998): close to the story's centroid, far from what was chosen already — so the same
sentence in another language (a translation) is not picked twice.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from ..embed import MemoryCache, embed_texts
from ..embed.encoders import Encoder
from ..pipeline.clean import SENTENCE_SPLIT

LEAD_SENTENCES = 3
MAX_CANDIDATES = 60
RELEVANCE = 0.7  # MMR weight of closeness to the story; the rest penalises closeness to chosen sentences
SAME = 0.9  # cosine at or above which two sentences say the same thing (translations included)
_MIN_CHARS = 25
_cache = MemoryCache(max_items=20_000)  # sentences of recently summarised stories


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed, offsets into `text`."""
    spans, start = [], 0
    for m in [*SENTENCE_SPLIT.finditer(text), None]:
        end = m.start() if m else len(text)
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            spans.append((start + lead, start + len(piece.rstrip())))
        if m:
            start = m.end()
    return spans


def _candidates(members: list[tuple[str, str | None, str]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for doc_id, lang, text in members:
        taken = 0
        for start, end in sentence_spans(text):
            sentence = text[start:end]
            if len(sentence) < _MIN_CHARS or not re.search(r"\w", sentence):
                continue
            out.append({"document": doc_id, "lang": lang, "start": start, "end": end, "text": sentence})
            taken += 1
            if taken >= LEAD_SENTENCES:
                break
    return out[:MAX_CANDIDATES]


def summarise(members: list[tuple[str, str | None, str]], encoder: Encoder, size: int = 3) -> list[dict[str, Any]]:
    """Up to `size` sentences of (document id, language, clean text) members, in choice order."""
    cands = _candidates(members)
    if len({c["document"] for c in cands}) <= 1:
        return cands[:size]  # one article: its own first sentences, in its order (nothing to weigh)
    vecs = embed_texts([c["text"] for c in cands], encoder, "query", _cache)
    centroid = vecs.mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    relevance = vecs @ centroid
    chosen: list[int] = []
    while len(chosen) < min(size, len(cands)):
        overlap = (vecs @ vecs[chosen].T).max(axis=1) if chosen else np.zeros(len(cands))
        score = RELEVANCE * relevance - (1 - RELEVANCE) * overlap
        score[chosen] = -np.inf
        score[overlap >= SAME] = -np.inf
        best = int(np.argmax(score))
        if not np.isfinite(score[best]):
            break
        chosen.append(best)
    return [cands[i] for i in chosen]
