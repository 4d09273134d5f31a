"""Train a small from-scratch spaCy NER (PER/ORG/LOC/MISC) on `bench/ner` files, CPU only.

    .venv/bin/python src/newsgraph/models/train_ner.py train --lang xx \\
        --files wikineural-de-val,conll-de-val --out /tmp/ner-de --heldout /tmp/heldout
    .venv/bin/python src/newsgraph/models/train_ner.py speed /tmp/ner-de/model --files wikineural-de-val

Why a script of our own rather than `spacy train`: the split must be contiguous per file
(first 75 % trained on, last 25 % held back, so no document straddles it), the held-back
part is written out for `newsgraph eval ner`, and `meta.json` records what was trained on
(`newsgraph_trained_on`, read by eval/ner.py to flag non-held-out scores). Every 10th
sentence of the training pool is dev and picks the epoch. The `ner` component carries its
own tok2vec (no listener), so the model loads and runs with that one component; the
architecture knobs trade F1 for words/s (see the READMEs next to the models).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import time
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example, biluo_tags_to_spans, iob_to_biluo
from spacy.util import compounding, fix_random_seed, minibatch

from newsgraph.eval.conll import Sentence, lang_from_name, read_conll

TRAIN_SHARE = 0.75
LABELS = ("PER", "ORG", "LOC", "MISC")
DEFAULT_BENCH = Path(__file__).resolve().parents[4] / "shared" / "bench" / "ner"


def ner_model(width: int, depth: int, rows: Sequence[int], maxout: int, hidden: int,
              window: int = 1, chars: int = 0) -> dict:
    """Config of a transition-based NER with its own hash-embedding CNN tok2vec (no vectors).

    `chars` > 0 swaps the NORM/PREFIX/SUFFIX/SHAPE hash embedding for spaCy's CharacterEmbed
    (NORM + the first and last `chars`/2 UTF-8 bytes of each word), for scripts without case.
    """
    embed: dict = {
        "@architectures": "spacy.MultiHashEmbed.v2",
        "width": width,
        "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
        "rows": list(rows),
        "include_static_vectors": False,
    }
    if chars:
        embed = {"@architectures": "spacy.CharacterEmbed.v2", "width": width, "rows": rows[0],
                 "nM": 16, "nC": chars, "include_static_vectors": False, "feature": "NORM"}
    return {
        "@architectures": "spacy.TransitionBasedParser.v2",
        "state_type": "ner",
        "extra_state_tokens": False,
        "hidden_width": hidden,
        "maxout_pieces": 2,
        "use_upper": True,
        "nO": None,
        "tok2vec": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": embed,
            "encode": {
                "@architectures": "spacy.MaxoutWindowEncoder.v2",
                "width": width,
                "depth": depth,
                "window_size": window,
                "maxout_pieces": maxout,
            },
        },
    }


def split(sents: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """Contiguous split: the first 75 % is the training pool, the rest is held back."""
    cut = int(len(sents) * TRAIN_SHARE)
    return sents[:cut], sents[cut:]


def heldout_name(name: str) -> str:
    """`wikineural-de-val` → `wikineuralheldout-de-val.conll.gz` (eval/ner.py reads the lang from it)."""
    first, _, rest = name.partition("-")
    return f"{first}heldout-{rest}.conll.gz"


def write_conll(path: Path, sents: Sequence[Sentence]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for tokens, tags in sents:
            f.write("".join(f"{t}\t{g}\n" for t, g in zip(tokens, tags, strict=True)) + "\n")


def example(nlp: Language, tokens: list[str], tags: list[str]) -> Example:
    """Gold on the CoNLL tokens, prediction on our tokenizer's view of the joined text (as at run time)."""
    gold = Doc(nlp.vocab, words=tokens)
    gold.ents = biluo_tags_to_spans(gold, iob_to_biluo(tags))
    return Example(nlp.make_doc(" ".join(tokens)), gold)


def load_data(nlp: Language, bench: Path, files: Sequence[str], heldout: Path | None
              ) -> tuple[list[Example], list[Example], dict[str, str]]:
    """Training and dev examples over all files, the held-back parts written to `heldout`."""
    train: list[Example] = []
    dev: list[Example] = []
    trained_on: dict[str, str] = {}
    for name in files:
        sents = list(read_conll(bench / f"{name}.conll.gz"))
        pool, held = split(sents)
        for i, (tokens, tags) in enumerate(pool):
            (dev if i % 10 == 9 else train).append(example(nlp, tokens, tags))
        trained_on[f"{name}.conll.gz"] = (f"sentences 0-{len(pool) - 1} (first 75%); "
                                          f"held back: {len(pool)}-{len(sents) - 1}")
        if heldout is not None:
            heldout.mkdir(parents=True, exist_ok=True)
            write_conll(heldout / heldout_name(name), held)
        print(f"{name}: train pool {len(pool)}, held back {len(held)}", flush=True)
    return train, dev, trained_on


def train(args: argparse.Namespace) -> None:
    """Train from scratch, keep the best dev epoch (with averaged weights) under `--out`/model."""
    fix_random_seed(args.seed)
    random.seed(args.seed)
    nlp = spacy.blank(args.lang)
    rows = [int(r) for r in args.rows.split(",")]
    model = ner_model(args.width, args.depth, rows, args.maxout, args.hidden, args.window, args.chars)
    ner = nlp.add_pipe("ner", config={"model": model})
    for label in LABELS:
        ner.add_label(label)
    files = args.files.split(",")
    train_ex, dev, trained_on = load_data(nlp, args.bench, files, args.heldout)
    optimizer = nlp.initialize(lambda: train_ex[:2000])
    optimizer.learn_rate = args.lr
    nlp.meta.update(meta(args, files, trained_on))
    out = args.out / "model"
    args.out.mkdir(parents=True, exist_ok=True)
    best, best_epoch, t_start = -1.0, -1, time.time()
    for epoch in range(args.epochs):
        t0 = time.time()
        random.shuffle(train_ex)
        losses: dict[str, float] = {}
        for batch in minibatch(train_ex, size=compounding(8.0, args.batch, 1.001)):
            nlp.update(batch, sgd=optimizer, drop=args.drop, losses=losses)
        with nlp.use_params(optimizer.averages):
            f1 = nlp.evaluate(dev)["ents_f"]
            if f1 > best:
                best, best_epoch = f1, epoch
                nlp.meta["newsgraph_training"] = {"best_epoch": epoch, "dev_f1": round(f1, 4)}
                nlp.to_disk(out)
                strip_strings(out)
        print(f"epoch {epoch} loss {losses.get('ner', 0):.0f} dev F1 {f1:.4f} "
              f"({time.time() - t0:.0f} s)", flush=True)
        if args.max_minutes and time.time() - t_start > args.max_minutes * 60:
            print("time budget reached", flush=True)
            break
    print(f"best dev F1 {best:.4f} at epoch {best_epoch} → {out}", flush=True)


def strip_strings(model: Path) -> None:
    """Empty `vocab/strings.json` (every training word, ~4 MB): hash embeddings need only the hashes,
    labels live in `ner/moves`, and run-time strings are added as texts are tokenized."""
    (model / "vocab" / "strings.json").write_text("[]", encoding="utf-8")


def meta(args: argparse.Namespace, files: Sequence[str], trained_on: dict[str, str]) -> dict:
    """What `meta.json` says about this model: its data, split and settings (no scores yet)."""
    langs = sorted({lang_from_name(f"{f}.conll.gz") or "" for f in files})
    return {
        "name": args.name or f"ner_{args.lang}_newsgraph",
        "version": "0.1.0",
        "author": "newsgraph",
        "description": (f"newsgraph NER (PER/ORG/LOC/MISC) for {', '.join(langs)}, trained from scratch "
                        "on the first 75% of each file listed in newsgraph_trained_on. See README.md."),
        "license": args.license,
        "newsgraph_trained_on": trained_on,
        "newsgraph_settings": {k: getattr(args, k) for k in
                               ("width", "depth", "window", "chars", "rows", "maxout", "hidden", "drop", "lr", "batch", "seed")},
    }


def words_per_second(model: Path, texts: Sequence[str], batch: int = 256, repeat: int = 2) -> float:
    """Words/s of `nlp.pipe` with the `ner` component only (run under `taskset -c N` for one core)."""
    nlp = spacy.load(model)
    words = sum(len(t.split()) for t in texts)
    list(nlp.pipe(texts[:200], batch_size=batch))  # warm up
    best = 0.0
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=batch):
            pass
        best = max(best, words / (time.perf_counter() - t0))
    return best


def speed(args: argparse.Namespace) -> None:
    texts = [" ".join(toks) for f in args.files.split(",")
             for toks, _ in read_conll(args.bench / f"{f}.conll.gz")][: args.limit]
    wps = words_per_second(args.model, texts)
    size = sum(p.stat().st_size for p in args.model.rglob("*") if p.is_file())
    print(json.dumps({"model": str(args.model), "texts": len(texts), "words_per_s": round(wps),
                      "size_mb": round(size / 1e6, 2)}))


def score_files(args: argparse.Namespace) -> None:
    """Strict micro P/R/F1 of a model directory on CoNLL files, with eval/ner.py's own scoring."""
    from newsgraph.eval.conll import tags_to_spans
    from newsgraph.eval.ner import chars_to_tokens, score, token_offsets

    nlp = spacy.load(args.model)
    for path in args.data:
        sents = list(read_conll(path))
        joined = [token_offsets(toks) for toks, _ in sents]
        docs = nlp.pipe([text for text, _ in joined], batch_size=256)
        pred = [chars_to_tokens([(e.start_char, e.end_char, e.label_) for e in doc.ents], off)
                for doc, (_, off) in zip(docs, joined, strict=True)]
        gold = [tags_to_spans(tags) for _, tags in sents]
        res, no_misc = score(gold, pred), score(gold, pred, types=("PER", "ORG", "LOC"))
        by_type = {k: round(v["f1"], 3) for k, v in res["by_type"].items()}
        print(json.dumps({"data": Path(path).name, "n": len(sents), "p": round(res["precision"], 3),
                          "r": round(res["recall"], 3), "f1": round(res["f1"], 3),
                          "f1_no_misc": round(no_misc["f1"], 3), "by_type": by_type}), flush=True)


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train")
    t.add_argument("--lang", required=True, help="spaCy language code of the tokenizer (xx = multilingual)")
    t.add_argument("--files", required=True, help="comma-separated bench names without .conll.gz")
    t.add_argument("--out", type=Path, required=True)
    t.add_argument("--heldout", type=Path, help="write the held-back 25%% of each file here")
    t.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    t.add_argument("--epochs", type=int, default=10)
    t.add_argument("--max-minutes", type=float, default=0.0)
    t.add_argument("--width", type=int, default=96)
    t.add_argument("--depth", type=int, default=4)
    t.add_argument("--rows", default="5000,1000,2500,2500", help="hash rows for NORM,PREFIX,SUFFIX,SHAPE")
    t.add_argument("--maxout", type=int, default=3)
    t.add_argument("--window", type=int, default=1, help="tokens each side per CNN layer")
    t.add_argument("--chars", type=int, default=0, help="CharacterEmbed with this many UTF-8 bytes (0 = off)")
    t.add_argument("--hidden", type=int, default=64)
    t.add_argument("--drop", type=float, default=0.2)
    t.add_argument("--lr", type=float, default=0.001)
    t.add_argument("--batch", type=float, default=64.0)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--name", default="")
    t.add_argument("--license", default="see README.md")
    s = sub.add_parser("speed")
    s.add_argument("model", type=Path)
    s.add_argument("--files", required=True)
    s.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    s.add_argument("--limit", type=int, default=3000)
    e = sub.add_parser("score")
    e.add_argument("model", type=Path)
    e.add_argument("data", type=Path, nargs="+")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse(argv)
    {"train": train, "speed": speed, "score": score_files}[args.cmd](args)


if __name__ == "__main__":
    main()
