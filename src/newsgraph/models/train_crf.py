"""Train the CRF recogniser of pipeline/mentions/ner_crf.py on CoNLL files (python-crfsuite).

    python -m newsgraph.models.train_crf --lang ar --files anercorp-ar-train \\
        --bench ../shared/bench/ner --out src/newsgraph/models/ner-ar-crf

Each file is split contiguously: the first 75 % of its sentences are the training pool, the rest
is held back and never read for training (`--heldout DIR` writes it as
`<set>heldout-<lang>-<split>.conll.gz` for scoring). Every 10th pool sentence (i % 10 == 9) is
DEV: the model trained on the other 90 % is scored there (printed, and kept in meta.json) to pick
features and c1/c2/iterations. The model written to `--out` is then retrained on the whole pool
(DEV included) with the same settings, unless `--dev-only`.

Gold tokens are re-tokenised by ner_crf.tokenize after joining them as eval/ner.py does, and the
tags projected onto the new tokens, so training sees exactly the tokens the recogniser sees at run
time. The lexicon features of the training sentences come from the OTHER folds of the training
data (jackknife, `--folds`), so the CRF learns how far to trust a lexicon hit on unseen text.
"""

from __future__ import annotations

import argparse
import gzip
import json
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from newsgraph.eval.conll import read_conll, tags_to_spans
from newsgraph.eval.ner import chars_to_tokens, score, token_offsets
from newsgraph.pipeline.mentions import ner_crf

Sentence = tuple[list[str], list[str]]


def split_file(path: Path) -> tuple[list[Sentence], list[Sentence]]:
    """(training pool = first 75 %, held back = the rest) of one CoNLL file."""
    sents = list(read_conll(path))
    cut = int(len(sents) * 0.75)
    return sents[:cut], sents[cut:]


def project(tokens: list[str], tags: list[str]) -> Sentence:
    """Gold tokens/tags → ner_crf tokens of the joined text, with IOB2 tags carried over."""
    text, offsets = token_offsets(tokens)
    entities = [(offsets[a][0], offsets[b - 1][1], kind) for a, b, kind in tags_to_spans(tags)]
    words, out = [], []
    for start, end, word in ner_crf.tokenize(text):
        tag = "O"
        for e_start, e_end, kind in entities:
            if e_start <= start and end <= e_end:
                tag = ("B-" if start == e_start else "I-") + kind
                break
        words.append(word)
        out.append(tag)
    return words, out


def featurise(sents: Sequence[Sentence], lang: str, folds: int) -> list[list[dict]]:
    """Features of training sentences, each fold's lexicon built from the other folds."""
    if folds < 2:
        lexicon = ner_crf.Lexicon.build(sents)
        return [ner_crf.sentence_features(w, lexicon, lang) for w, _ in sents]
    size = -(-len(sents) // folds)
    out: list[list[dict]] = []
    for k in range(folds):
        part = sents[k * size:(k + 1) * size]
        lexicon = ner_crf.Lexicon.build([*sents[:k * size], *sents[(k + 1) * size:]])
        out.extend(ner_crf.sentence_features(w, lexicon, lang) for w, _ in part)
    return out


def train(sents: Sequence[Sentence], out_file: Path, lang: str, args: argparse.Namespace) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, (_, tags) in zip(featurise(sents, lang, args.folds), sents, strict=True):
        trainer.append(feats, tags)
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.minfreq": args.minfreq, "feature.possible_transitions": True})
    trainer.train(str(out_file))


def evaluate(model_dir: Path, sents: Sequence[Sentence]) -> dict:
    """Strict entity-level scores of the model on gold sentences, through raw text as eval/ner.py."""
    texts, offsets = zip(*(token_offsets(toks) for toks, _ in sents), strict=True)
    predicted = ner_crf.predict_many(texts, model_dir)
    pred = [chars_to_tokens(p, off) for p, off in zip(predicted, offsets, strict=True)]
    return score([tags_to_spans(tags) for _, tags in sents], pred)


def write_model(out: Path, sents: Sequence[Sentence], lang: str, args: argparse.Namespace,
                meta: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    train(sents, out / ner_crf.MODEL_FILE, lang, args)
    lexicon = ner_crf.Lexicon.build(sents)
    (out / ner_crf.GAZETTEER_FILE).write_text(
        json.dumps(dict(sorted(lexicon.table.items())), ensure_ascii=False, indent=0), encoding="utf-8")
    (out / ner_crf.META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n",
                                         encoding="utf-8")
    ner_crf._cache.pop(str(out.resolve()), None)


def _write_heldout(path: Path, held: Sequence[Sentence], heldout_dir: Path) -> None:
    set_name, _, rest = path.name.partition("-")
    heldout_dir.mkdir(parents=True, exist_ok=True)
    with gzip.open(heldout_dir / f"{set_name}heldout-{rest}", "wt", encoding="utf-8") as f:
        for tokens, tags in held:
            f.write("".join(f"{t}\t{g}\n" for t, g in zip(tokens, tags, strict=True)) + "\n")


def _round(result: dict) -> dict:
    keep = {k: round(result[k], 4) for k in ("precision", "recall", "f1")}
    keep["by_type"] = {t: round(v["f1"], 4) for t, v in result["by_type"].items()}
    return keep


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--lang", required=True)
    p.add_argument("--files", nargs="+", required=True, help="CoNLL file stems in --bench")
    p.add_argument("--bench", type=Path, default=Path("../shared/bench/ner"))
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--heldout", type=Path, help="also write each file's held-back part here")
    p.add_argument("--c1", type=float, default=0.05)
    p.add_argument("--c2", type=float, default=0.01)
    p.add_argument("--iterations", type=int, default=250)
    p.add_argument("--minfreq", type=float, default=1)
    p.add_argument("--folds", type=int, default=5, help="jackknife folds for lexicon features (1: none)")
    p.add_argument("--license", default="see README.md", help="licence note for meta.json")
    p.add_argument("--dev-only", action="store_true", help="only train on 90 %% and score DEV; write nothing")
    args = p.parse_args(argv)

    train_part: list[Sentence] = []
    dev_gold: list[Sentence] = []
    pool: list[Sentence] = []
    trained_on: dict[str, str] = {}
    for stem in args.files:
        path = args.bench / (stem if stem.endswith(".gz") else f"{stem}.conll.gz")
        head, held = split_file(path)
        if args.heldout:
            _write_heldout(path, held, args.heldout)
        trained_on[path.name] = (f"sentences 0-{len(head) - 1} (first 75%); "
                                 f"held back: {len(head)}-{len(head) + len(held) - 1}")
        for i, (tokens, tags) in enumerate(head):
            (dev_gold if i % 10 == 9 else train_part).append((tokens, tags))
            pool.append(project(tokens, tags))
    train_proj = [project(t, g) for t, g in train_part]

    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        write_model(Path(tmp), train_proj, args.lang, args, {"lang": args.lang})
        dev = _round(evaluate(Path(tmp), dev_gold))
        ner_crf._cache.pop(str(Path(tmp).resolve()), None)
    print(json.dumps({"dev": dev, "train_s": round(time.perf_counter() - t0, 1)}), flush=True)
    if args.dev_only:
        return 0
    settings = {k: getattr(args, k) for k in ("c1", "c2", "iterations", "minfreq", "folds")}
    meta = {"lang": args.lang, "name": f"ner_{args.lang}_crf", "version": "0.1.0",
            "description": "newsgraph CRF NER (PER/ORG/LOC/MISC), python-crfsuite; see README.md",
            "labels": list(ner_crf.TYPES), "newsgraph_trained_on": trained_on,
            "license": args.license, "newsgraph_settings": settings,
            "newsgraph_training": {"dev": dev, "note": "dev: a model trained on the pool minus DEV; "
                                   "this model: the same settings retrained on the whole pool"},
            "confidence": {"overall": 0.7}}
    old_meta = args.out / ner_crf.META_FILE
    if old_meta.is_file():  # keep measured confidences / performance written after scoring
        old = json.loads(old_meta.read_text(encoding="utf-8"))
        meta.update({k: old[k] for k in ("confidence", "performance", "license", "sources") if k in old})
    write_model(args.out, pool, args.lang, args, meta)
    print(f"wrote {args.out}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
