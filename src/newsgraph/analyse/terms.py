"""Top terms per language: document frequency of content words, stopwords (data) removed.

Words are the search index's tokens, shown in their most common original spelling. For
scripts written without spaces (Chinese, Japanese, Thai) and for Vietnamese, whose words
are mostly two syllables, terms are pairs of adjacent tokens.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache
from importlib import resources

from ..text.normalise import fold
from ..text.scripts import UNSPACED

_TOKEN = re.compile(rf"[{UNSPACED}]|[^\W\d_{UNSPACED}]{{2,}}")
PAIRED = {"vi", "zh", "ja", "th", "ko"}


@cache
def stopwords(lang: str) -> frozenset[str]:
    path = resources.files("newsgraph") / "data" / "stopwords" / f"{lang}.txt"
    if not path.is_file():
        return frozenset()
    words = (w.strip() for w in path.read_text(encoding="utf-8").splitlines())
    return frozenset(fold(w) for w in words if w and not w.startswith("#"))


def _terms(text: str, lang: str) -> Iterable[tuple[str, str]]:
    """(folded key, surface) pairs."""
    toks = [(fold(m.group()), m.group()) for m in _TOKEN.finditer(text)]
    stop = stopwords(lang)
    if lang in PAIRED:
        for (k1, s1), (k2, s2) in itertools.pairwise(toks):
            if k1 not in stop and k2 not in stop:
                sep = "" if lang in {"zh", "ja", "th"} else " "
                yield f"{k1}{sep}{k2}", f"{s1}{sep}{s2}"
    else:
        for k, s in toks:
            if k not in stop and len(k) > 2:
                yield k, s


def top_terms(docs: Iterable[tuple[str, str]], k: int = 8) -> dict[str, list[tuple[str, int]]]:
    """docs: (lang, text) → {lang: [(term, number of documents), ...]} best first."""
    df: dict[str, Counter[str]] = defaultdict(Counter)
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    for lang, text in docs:
        seen = set()
        for key, surf in _terms(text, lang):
            surface[key][surf.lower() if surf[:1].isupper() and surf[1:2].islower() else surf] += 1
            seen.add(key)
        df[lang].update(seen)
    return {
        lang: [(surface[t].most_common(1)[0][0], n) for t, n in c.most_common(k)]
        for lang, c in sorted(df.items(), key=lambda kv: -sum(kv[1].values()))
    }
