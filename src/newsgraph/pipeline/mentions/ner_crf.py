"""Linear-chain CRF named-entity recognition (python-crfsuite) with Arabic-aware features.

`predict_many(texts, model_dir)` → per text `[(start, end, type, confidence), ...]`, character
offsets, type in PER / ORG / LOC / MISC; `load(model_dir)` is None without pycrfsuite or the
model file (then every text gives []). Models: `models/ner-ar-crf` (Arabic, ANERcorp),
`models/ner-ru-crf` (Russian), `models/ner-de-crf` (German) and `models/ner-es-crf` (Spanish), which
reuse its settings; rebuilt with `models/train_crf.py`.

Why a CRF: the spaCy CNN trained from scratch on ANERcorp (`models/ner-ar`) sees only the word,
its first letter and last three, so Arabic names behind clitics (وواشنطن, لبنان vs بلبنان) and
unseen names are missed: held-back F1 0.601. Here the features are written for Arabic: a
normalised form (alef/yaa/taa-marbuta, no diacritics or tatweel), the stem with proclitics
(و ف ب ل ك ال and combinations) and a common suffix stripped, stem affixes, ±2 context, and a
lexicon of training-pool entity words, stems and multi-word phrases (jackknifed while training,
see train_crf.py). Measured on ANERcorp (strict entity-level micro F1; models/ner-ar-crf/README.md
has every variant): DEV 0.817; held-back (998 later sentences, never trained on) P 0.788 /
R 0.610 / F1 0.688 — PER 0.63, ORG 0.54, LOC 0.85, MISC 0.61 — against 0.601 for the spaCy
model; ≈ 41–45k words/s on one core with the per-word attribute cache of `CrfModel` (23k without). `confidence` is the model's measured held-back precision of the
span's type (meta.json `confidence`, e.g. PER 0.714, LOC 0.848; "overall" when a type is missing).

The tokenizer keeps offsets and splits every punctuation mark off (ANERcorp glues some to words:
"(د"), letters and digits stay in runs; the eval joins gold tokens with spaces and maps spans
back, so tokenisation is part of what is measured. Other languages get the same features minus
the clitic ones, plus capitalisation (and a 5-letter stem for Cyrillic).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

Span = tuple[int, int, str, float]
Token = tuple[int, int, str]  # start, end, surface
Features = dict[str, float | str]

MODEL_FILE = "model.crfsuite"
META_FILE = "meta.json"
GAZETTEER_FILE = "gazetteer.json"
TYPES = ("PER", "ORG", "LOC", "MISC")

# A word: letters (any script) with Arabic diacritics/tatweel inside; a number with its decimal
# marks; else any single non-space character (punctuation is always its own token).
_TOKEN = re.compile(r"(?:[^\W\d_]|[\u064b-\u065f\u0670\u0640])+|\d+(?:[.,٫]\d+)*|\S")
_DIACRITICS = re.compile(r"[\u064b-\u065f\u0670\u0640]")  # harakat, dagger alef, tatweel
_NORM = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ё": "е",
                       **{chr(0x660 + d): str(d) for d in range(10)}})
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# Clitics on normalised words, longest first; a strip must leave at least 2 letters.
PROCLITICS = ("وبال", "فبال", "وكال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال",
              "وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")
SUFFIXES = ("يين", "يون", "يه", "ات", "ون", "ين", "ان", "ها", "هم", "ه", "ي")

_lock = threading.Lock()
_cache: dict[str, Any] = {}


def tokenize(text: str) -> list[Token]:
    """Offset-keeping tokens: letter runs, numbers, and every punctuation mark alone."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def normalise(word: str) -> str:
    """Alef/yaa/taa-marbuta normalisation, no diacritics or tatweel, ASCII digits, lower case."""
    return _DIACRITICS.sub("", word).lower().translate(_NORM)


def strip_proclitic(norm: str) -> tuple[str, str]:
    """(proclitic, stem): the longest known proclitic sequence leaving a stem of 2+ letters."""
    for pre in PROCLITICS:
        if norm.startswith(pre) and len(norm) - len(pre) >= 2:
            return pre, norm[len(pre):]
    return "", norm


def strip_suffix(stem: str) -> tuple[str, str]:
    """(stem without suffix, suffix) for the longest common suffix leaving 2+ letters."""
    for suf in SUFFIXES:
        if stem.endswith(suf) and len(stem) - len(suf) >= 2:
            return stem[: -len(suf)], suf
    return stem, ""


def _shape(word: str) -> str:
    if word.isdigit() or word.replace(".", "").replace(",", "").isdigit():
        return "num"
    if _ARABIC.search(word):
        return "ar"
    if _LATIN.search(word):
        return "Lat" if word[:1].isupper() else "lat"
    if word[:1].isalpha():  # other scripts with case (Cyrillic, Greek)
        return "X" if word.isupper() and len(word) > 1 else "Xx" if word[:1].isupper() else "x"
    return "punct" if not word[:1].isalnum() else "other"


class Lexicon:
    """Per-word entity-type counts from the training pool (normalised form and clitic-free stem)."""

    def __init__(self, table: dict[str, str] | None = None) -> None:
        self.table = table or {}
        # first stem of each known phrase → its most words: `phrase_tags` tries the table only
        # where a phrase can start, and no longer than the longest that starts there
        self._starts: dict[str, int] = {}
        for key in self.table:
            if key.startswith("p:"):
                first, *rest = key[2:].split(" ")
                self._starts[first] = max(self._starts.get(first, 0), len(rest) + 1)

    @classmethod
    def build(cls, sentences: Sequence[tuple[list[str], list[str]]], min_share: float = 0.5) -> Lexicon:
        """Words (and stems) that were inside an entity of one type at least `min_share` of the
        times they occurred ("B-TYPE"/"I-TYPE" by where they mostly stood), and every entity of
        2+ words as a phrase of clitic-free stems ("p:" keys, see `phrase_tags`)."""
        counts: dict[str, dict[str, int]] = {}
        table: dict[str, str] = {}
        for words, tags in sentences:
            for word, tag in zip(words, tags, strict=True):
                for key in _keys(word):
                    c = counts.setdefault(key, {})
                    c[tag] = c.get(tag, 0) + 1
            for start, end, kind in _bio_spans(tags):
                if end - start >= 2:
                    table["p:" + " ".join(phrase_stem(w) for w in words[start:end])] = kind
        for key, c in counts.items():
            tag, n = max(c.items(), key=lambda kv: kv[1])
            if tag != "O" and n / sum(c.values()) >= min_share:
                table[key] = tag
        return cls(table)

    def lookup(self, word: str) -> tuple[str, str]:
        """(type of the word form, type of its stem); "" where unknown or mostly outside entities."""
        k_norm, k_stem = _keys(word)
        return self.table.get(k_norm, ""), self.table.get(k_stem, "")

    def phrase_tags(self, words: Sequence[str], longest: int = 6, stems: Sequence[str] | None = None) -> list[str]:
        """B-/I-TYPE over the words of known multi-word entities (longest match, left to right).
        `stems`: the words' clitic-free stems (`phrase_stem`) when the caller has them already."""
        if stems is None:
            stems = [phrase_stem(w) for w in words]
        out = [""] * len(words)
        i = 0
        while i < len(words):
            most = self._starts.get(stems[i], 0)
            for n in range(min(longest, most, len(words) - i), 1, -1):
                kind = self.table.get("p:" + " ".join(stems[i:i + n]))
                if kind:
                    out[i:i + n] = ["B-" + kind] + ["I-" + kind] * (n - 1)
                    i += n - 1
                    break
            i += 1
        return out


def _bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """IOB2 tags → (first, one past last, type) token spans."""
    spans: list[tuple[int, int, str]] = []
    for i, tag in enumerate(tags):
        prefix, _, kind = tag.partition("-")
        if prefix == "I" and spans and spans[-1][1] == i and spans[-1][2] == kind:
            spans[-1] = (spans[-1][0], i + 1, kind)
        elif prefix in ("B", "I"):
            spans.append((i, i + 1, kind))
    return spans


def stem_of(norm: str) -> str:
    """A normalised word without its clitics (Arabic) or inflectional ending (Cyrillic: the first
    5 letters, so Москва/Москвы/Москве meet); other words as they are."""
    if _CYRILLIC.match(norm):
        return norm[:5]
    return strip_proclitic(norm)[1]


def _keys(word: str) -> tuple[str, str]:
    norm = normalise(word)
    return "w:" + norm, "s:" + stem_of(norm)


def phrase_stem(word: str) -> str:
    """The form of a word in the lexicon's phrase keys ("p:" + stems joined by spaces)."""
    return stem_of(normalise(word))


def _word_features(word: str, lexicon: Lexicon, lang: str) -> Features:
    norm = normalise(word)
    shape = _shape(word)
    f: Features = {"n": norm, "shape": shape}
    gaz_w, gaz_s = lexicon.lookup(word)
    if gaz_w:
        f["gw"] = gaz_w
    if gaz_s:
        f["gs"] = gaz_s[2:]
    if lang == "ar" and shape == "ar":
        pro, stem = strip_proclitic(norm)
        base, suf = strip_suffix(stem)
        f.update({"pro": pro, "stem": stem, "base": base, "suf": suf})
    else:
        stem = norm
        f["cap"] = word[:1].isupper()
        if _CYRILLIC.match(norm):
            f["stem"] = stem_of(norm)
    f.update({f"p{k}": stem[:k] for k in (1, 2, 3, 4)})
    f.update({f"s{k}": stem[-k:] for k in (1, 2, 3, 4)})
    f.update({"np2": norm[:2], "ns2": norm[-2:], "ns3": norm[-3:]})  # of the word with its clitics
    return f


_CONTEXT_KEYS = ("n", "shape", "gw", "gs", "pro", "stem", "cap")  # of the words at ±1 and ±2
_NEAR_KEYS = ("p3", "s2", "s3")  # also of the words at ±1


def sentence_features(words: Sequence[str], lexicon: Lexicon, lang: str = "ar") -> list[Features]:
    """Per-token feature dicts: the word's own features and its ±2 neighbours' main ones."""
    own = [_word_features(w, lexicon, lang) for w in words]
    phrases = lexicon.phrase_tags(words)
    out: list[Features] = []
    for i, f in enumerate(own):
        # "len" is real-valued (its weight scales with the length, capped at 8)
        feats: Features = {"bias": 1.0, "w": words[i], "len": min(len(f["n"]), 8), **f}
        if phrases[i]:
            feats["ph"] = phrases[i]
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < len(own):
                keys = (*_CONTEXT_KEYS, *_NEAR_KEYS) if abs(off) == 1 else _CONTEXT_KEYS
                feats.update({f"{off}:{k}": own[j][k] for k in keys if k in own[j]})
            else:
                feats[f"{off}:pad"] = 1.0
        if i:
            feats["-1|0"] = f"{own[i - 1]['n']}|{f['n']}"
        if i + 1 < len(own):
            feats["0|+1"] = f"{f['n']}|{own[i + 1]['n']}"
        out.append(feats)
    return out


def tags_to_char_spans(tokens: Sequence[Token], tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """BIO tags over tokens → character spans (an I-X not continuing X starts a new entity)."""
    spans: list[tuple[int, int, str]] = []
    cur: list[Any] | None = None
    for (start, end, _), tag in zip(tokens, tags, strict=True):
        prefix, _, kind = tag.partition("-")
        if prefix == "I" and cur is not None and cur[2] == kind:
            cur[1] = end
            continue
        if cur is not None:
            spans.append((cur[0], cur[1], cur[2]))
        cur = [start, end, kind] if prefix in ("B", "I") and kind in TYPES else None
    if cur is not None:
        spans.append((cur[0], cur[1], cur[2]))
    return spans


Attrs = dict[str, float]  # crfsuite attributes as it reads a feature dict: "key:value" → 1.0, "key" → number


def _flat(prefix: str, feats: Features) -> Attrs:
    """A feature dict as the attributes crfsuite makes of it (strings → "key:value", weight 1;
    numbers and booleans → "key", that weight)."""
    return {(f"{prefix}{k}:{v}" if isinstance(v, str) else f"{prefix}{k}"): (1.0 if isinstance(v, str) else float(v))
            for k, v in feats.items()}


class CrfModel:
    """A loaded tagger with its lexicon and settings (meta.json).

    Tagging builds each token's attributes from per-word pieces cached for the model (the word's
    own features, and what it gives as the neighbour at -2…+2): news repeats its words, and the
    feature dicts were 60 % of the time. The attributes are those of `sentence_features` that
    the model has weights for (crfsuite drops the others itself, after paying to convert them:
    a German token has ≈ 60, of which ≈ 20 are known); tests compare both, and the tags."""

    CACHE_WORDS = 100_000  # distinct words kept; the cache starts again past that

    def __init__(self, tagger: Any, lexicon: Lexicon, meta: dict) -> None:
        self.tagger = tagger
        self.lexicon = lexicon
        self.meta = meta
        self.lang = meta.get("lang", "ar")
        self.confidence = {t: float(c) for t, c in (meta.get("confidence") or {}).items()}
        self.lock = threading.Lock()  # a crfsuite Tagger must not tag from two threads at once
        self._pieces: dict[str, tuple[Attrs, dict[int, Attrs], str, str]] = {}
        # every attribute with a weight (reading them from the model file takes ≈ 0.25 s)
        self.known: frozenset[str] = frozenset(a for a, _ in tagger.info().state_features)

    def _word(self, word: str) -> tuple[Attrs, dict[int, Attrs], str, str]:
        """(own attributes, attributes as neighbour by offset, normalised form, phrase stem) of a
        word, cached."""
        got = self._pieces.get(word)
        if got is None:
            if len(self._pieces) >= self.CACHE_WORDS:
                self._pieces.clear()
            f = _word_features(word, self.lexicon, self.lang)
            own = self._known(_flat("", {"bias": 1.0, "w": word, "len": min(len(f["n"]), 8), **f}))  # type: ignore[arg-type]
            near = (*_CONTEXT_KEYS, *_NEAR_KEYS)
            ctx = {off: self._known(_flat(f"{off}:", {k: f[k] for k in (near if abs(off) == 1 else _CONTEXT_KEYS)
                                                      if k in f}))
                   for off in (-2, -1, 1, 2)}
            got = self._pieces[word] = (own, ctx, str(f["n"]), stem_of(str(f["n"])))
        return got

    def _known(self, attrs: Attrs) -> Attrs:
        return {k: v for k, v in attrs.items() if k in self.known}

    def items(self, words: Sequence[str]) -> list[Attrs]:
        """The crfsuite attributes of each token that the model knows (of those
        `sentence_features` gives, flattened)."""
        known = self.known
        pieces = [self._word(w) for w in words]
        phrases = self.lexicon.phrase_tags(words, stems=[p[3] for p in pieces])
        out: list[Attrs] = []
        n = len(pieces)
        for i, (own, _, norm, _) in enumerate(pieces):
            attrs = dict(own)
            if phrases[i]:
                attrs[f"ph:{phrases[i]}"] = 1.0
            for off in (-2, -1, 1, 2):
                j = i + off
                if 0 <= j < n:
                    attrs.update(pieces[j][1][off])
                else:
                    attrs[f"{off}:pad"] = 1.0
            if i and (key := f"-1|0:{pieces[i - 1][2]}|{norm}") in known:
                attrs[key] = 1.0
            if i + 1 < n and (key := f"0|+1:{norm}|{pieces[i + 1][2]}") in known:
                attrs[key] = 1.0
            out.append(attrs)
        return out

    def predict(self, text: str) -> list[Span]:
        tokens = tokenize(text)
        if not tokens:
            return []
        items = self.items([t[2] for t in tokens])
        with self.lock:
            tags = self.tagger.tag(items)
        default = self.confidence.get("overall", 0.7)
        return [(s, e, k, self.confidence.get(k, default)) for s, e, k in tags_to_char_spans(tokens, tags)]


def _load_model(model_dir: Path) -> CrfModel | None:
    try:
        import pycrfsuite
    except ImportError:
        return None
    model_file = model_dir / MODEL_FILE
    if not model_file.is_file():
        return None
    meta_file = model_dir / META_FILE
    meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.is_file() else {}
    gaz_file = model_dir / GAZETTEER_FILE
    table = json.loads(gaz_file.read_text(encoding="utf-8")) if gaz_file.is_file() else {}
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_file))
    return CrfModel(tagger, Lexicon(table), meta)


def load(model_dir: Path) -> CrfModel | None:
    """The CRF in `model_dir`, loaded once per directory; None without pycrfsuite or the model file."""
    key = str(Path(model_dir).resolve())
    with _lock:
        if key not in _cache:
            _cache[key] = _load_model(Path(model_dir))
        return _cache[key]


def predict_many(texts: Sequence[str], model_dir: Path) -> list[list[Span]]:
    """Entities of each text as (start, end, type, confidence); [] lists when there is no model."""
    model = load(model_dir)
    if model is None:
        return [[] for _ in texts]
    return [model.predict(text) if text.strip() else [] for text in texts]
