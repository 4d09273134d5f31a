"""`newsgraph eval ner --data FILE [--lang xx]`: strict entity-level NER scores.

Data: CoNLL IOB2 `token<TAB>TAG` (see eval/conll.py), language from `lang` or from the
file name `<set>-<lang>-<split>.conll[.gz]`. Each sentence's tokens are joined with single
spaces (none between two CJK tokens: Chinese gold sets hold one character a token, and the
recogniser must see normal Chinese) and given to `pipeline.mentions.ner.predict_many`;
predicted character spans are mapped back to the tokens they overlap (a span cutting a token widens to the whole token;
a span overlapping an earlier one is dropped). Scoring is seqeval-style strict micro
P/R/F1 (exact token span + type), overall, `by_type`, and `without_misc` (MISC removed
from gold and predictions, since OntoNotes-style MISC does not match CoNLL's).
`docs_per_s` counts sentences per second of prediction; model loading is `load_s`.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..config import Settings
from ..pipeline.mentions import ner as ner_model
from .conll import TokenSpan, lang_from_name, read_conll, tags_to_spans
from .metrics import prf

# Han characters, kana, hangul and CJK punctuation/full-width forms: written without spaces between them
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")


def _is_cjk(token: str) -> bool:
    return bool(token) and all(_CJK.match(c) for c in token)


def token_offsets(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """The tokens joined with single spaces — none between two CJK tokens, so a Chinese gold file
    tokenised one character a token reads as normal Chinese — and each token's (start, end)."""
    offsets: list[tuple[int, int]] = []
    parts: list[str] = []
    pos = 0
    for i, tok in enumerate(tokens):
        if i and not (_is_cjk(tokens[i - 1]) and _is_cjk(tok)):
            parts.append(" ")
            pos += 1
        offsets.append((pos, pos + len(tok)))
        parts.append(tok)
        pos += len(tok)
    return "".join(parts), offsets


def chars_to_tokens(spans: Iterable[tuple], offsets: Sequence[tuple[int, int]]) -> list[TokenSpan]:
    """Character spans `(start, end, type, ...)` → token spans over the tokens they overlap."""
    out: list[TokenSpan] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        start, end, kind = span[0], span[1], span[2]
        covered = [i for i, (s, e) in enumerate(offsets) if s < end and e > start]
        if not covered:
            continue
        first, last = covered[0], covered[-1] + 1
        if out and first < out[-1][1]:  # overlaps the previous prediction once widened
            continue
        out.append((first, last, kind))
    return out


def score(gold: Sequence[Iterable[TokenSpan]], pred: Sequence[Iterable[TokenSpan]],
          types: Iterable[str] | None = None) -> dict:
    """Strict micro P/R/F1 over sentences: a prediction counts only with the exact span and type.

    `gold[i]` and `pred[i]` are the spans of sentence i; `types`, when given, keeps only those.
    """
    keep = set(types) if types is not None else None
    tp: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    for g_spans, p_spans in zip(gold, pred, strict=True):
        g = {s for s in g_spans if keep is None or s[2] in keep}
        p = {s for s in p_spans if keep is None or s[2] in keep}
        n_gold.update(s[2] for s in g)
        n_pred.update(s[2] for s in p)
        tp.update(s[2] for s in g & p)
    t, ng, np_ = sum(tp.values()), sum(n_gold.values()), sum(n_pred.values())
    out: dict = prf(t, np_ - t, ng - t)
    out["by_type"] = {
        k: {**prf(tp[k], n_pred[k] - tp[k], n_gold[k] - tp[k]), "gold": n_gold[k], "pred": n_pred[k]}
        for k in sorted(set(n_gold) | set(n_pred))
    }
    return out


def run(path: str | Path, settings: Settings, limit: int | None = None, lang: str | None = None,
        baseline: bool = False) -> dict:
    """Score our NER on a CoNLL file; `limit` reads only the first sentences.

    `baseline` scores the plain spaCy model, which is what our NER is today (same numbers).
    """
    lang = lang or lang_from_name(path)
    sentences = list(read_conll(path, limit=limit))
    gold = [tags_to_spans(tags) for _, tags in sentences]
    t0 = time.perf_counter()
    model = ner_model.load(lang)
    load_s = time.perf_counter() - t0
    texts, offsets = zip(*(token_offsets(toks) for toks, _ in sentences), strict=True) if sentences else ((), ())
    t1 = time.perf_counter()
    predicted = ner_model.predict_many(texts, lang)
    elapsed = time.perf_counter() - t1
    pred = [chars_to_tokens(p, off) for p, off in zip(predicted, offsets, strict=True)]
    result: dict = {"n": len(sentences), **score(gold, pred)}
    no_misc = score(gold, pred, types=("PER", "ORG", "LOC"))
    result["without_misc"] = {k: no_misc[k] for k in ("precision", "recall", "f1")}
    result["lang"] = lang
    result["model"] = ner_model.model_name(lang) if model is not None else None
    if model is None:
        result["note"] = f"no NER model for language {lang!r}: nothing predicted"
    else:
        trained_on = (getattr(model, "meta", {}) or {}).get("newsgraph_trained_on") or {}
        if Path(path).name in trained_on:
            result["note"] = (f"the model was trained on part of this file ({trained_on[Path(path).name]}): "
                              "these numbers are not held-out; score the held-back part only")
    if baseline:
        result["baseline"] = True
    result["tokens"] = sum(len(toks) for toks, _ in sentences)
    result["load_s"] = round(load_s, 2)
    result["docs_per_s"] = round(len(sentences) / elapsed, 1) if elapsed else 0.0
    return result
