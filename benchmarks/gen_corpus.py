"""Generate N multilingual news-like documents for throughput benchmarks.

Sentences are drawn from the bundled sample corpus (our own text, every language in it),
recombined at random with fresh numbers, so documents are unique, realistic in length
(WORDS whitespace-separated words; in unspaced scripts 2 characters count as a word), and the
language mix is the sample's languages with enough sentences (en fr ar vi ru de es). Output:
plain-text files with a ` date YYYY-MM-DD` header (as the real inputs), in folders of 1,000.

    python -m benchmarks.gen_corpus --n 10000 --out /tmp/bench10k
"""

from __future__ import annotations

import argparse
import random
import re
from collections import defaultdict
from pathlib import Path

from newsgraph.fixtures import sample_corpus

WORDS = 400
_SENT = re.compile(r"(?<=[.!?。！？؟])\s+")


def sentences_by_lang() -> dict[str, list[str]]:
    """Sentences of the sample's UTF-8 text files, grouped by the language code in the file name."""
    out: dict[str, list[str]] = defaultdict(list)
    for p in sorted(sample_corpus().rglob("*.txt")):
        lang = p.name.split("-")[0]
        if len(lang) != 2 or "bad" in p.parts:
            continue
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        body = text.split("\n", 1)[-1]
        out[lang].extend(s.strip() for s in _SENT.split(body) if len(s.split()) >= 4 or len(s) > 30)
    return {k: v for k, v in out.items() if len(v) >= 5}


MUTATE = 0.3  # share of words swapped for another word of the same language: documents share topics, not passages


def mutate(rng: random.Random, sentence: str, vocab: list[str]) -> str:
    words = sentence.split(" ")
    if len(words) < 3:  # an unspaced script: swap characters instead
        chars = list(sentence)
        return "".join(rng.choice(vocab) if c.isalpha() and rng.random() < MUTATE else c for c in chars)
    return " ".join(rng.choice(vocab) if rng.random() < MUTATE else w for w in words)


def make_doc(rng: random.Random, sents: list[str], i: int, vocab: list[str]) -> str:
    words, parts = 0, []
    while words < WORDS:
        s = mutate(rng, rng.choice(sents), vocab)
        s = re.sub(r"\d+", lambda m: str(rng.randint(1, 99)), s)  # fresh numbers
        parts.append(s)
        words += len(s.split()) if " " in s else len(s) // 2  # unspaced scripts: about 2 characters a word
    paras = ["\n\n" if k % 3 == 2 else " " for k in range(len(parts))]
    body = "".join(p + sep for p, sep in zip(parts, paras, strict=True)).strip()
    y, m, d = rng.choice([2023, 2024, 2025]), rng.randint(1, 12), rng.randint(1, 28)
    return f" date {y}-{m:02d}-{d:02d} Bản tin {i} / Report {i}\n\n{body}\n"


def generate(n: int, out: Path, seed: int = 7) -> Path:
    rng = random.Random(seed)
    pools = sentences_by_lang()
    langs = sorted(pools)
    vocab = {lang: sorted({w for s in pools[lang] for w in (s.split(" ") if " " in s else list(s)) if w.isalpha()})
             for lang in langs}
    for i in range(n):
        shard = out / f"{i // 1000:04d}"
        if i % 1000 == 0:
            shard.mkdir(parents=True, exist_ok=True)
        lang = langs[i % len(langs)]
        (shard / f"{lang}-{i:07d}.txt").write_text(make_doc(rng, pools[lang], i, vocab[lang]), encoding="utf-8")
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    generate(a.n, a.out)
    print(f"wrote {a.n} documents to {a.out}")
