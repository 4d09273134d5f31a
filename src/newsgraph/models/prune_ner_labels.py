"""Drop the NER labels a model was never meant to output, keeping every weight it learned.

A spaCy transition-based NER scores every action (B-/I-/L-/U-<label>, O) at every token, and
checks each for validity, so a model fine-tuned from an 18-label OntoNotes base still pays for
82 actions when only PER/ORG/LOC/MISC are kept downstream. This copies the tok2vec and the
lower layer unchanged and keeps only the upper layer's rows of the kept actions: the model is
the same, restricted to its kept labels (a token whose best action was a dropped label gets
its best kept one instead).

    python -m newsgraph.models.prune_ner_labels src/newsgraph/models/ner-en --keep PER ORG LOC MISC

Rewrites the model folder in place (a whole pipeline folder with config.cfg, as train.py saves).
Score it again afterwards (`newsgraph eval ner`, held-back files only).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy


def prune(path: Path, keep: list[str]) -> tuple[int, int]:
    """Restrict the `ner` of the pipeline at `path` to `keep`; returns (moves before, after)."""
    import spacy
    from spacy.training import Example

    nlp = spacy.load(path)
    old = nlp.get_pipe("ner")
    missing = [label for label in keep if label not in old.labels]
    if missing:
        raise SystemExit(f"{path}: labels not in the model: {missing}")
    before = old.moves.n_moves
    config = nlp.config["components"]["ner"]
    old_model = old.model
    nlp.remove_pipe("ner")
    new = nlp.add_pipe("ner", config={k: v for k, v in config.items() if k != "factory"})
    for label in keep:
        new.add_label(label)
    doc = nlp.make_doc("Paris")
    new.initialize(lambda: [Example.from_dict(doc, {"entities": [f"U-{keep[0]}"]})], nlp=nlp)
    model = new.model
    for ref in ("tok2vec", "lower"):
        model.get_ref(ref).from_bytes(old_model.get_ref(ref).to_bytes())
    old_names = {old.moves.get_class_name(i): i for i in range(before)}
    rows = [old_names[new.moves.get_class_name(i)] for i in range(new.moves.n_moves)]
    old_upper, upper = old_model.get_ref("upper"), model.get_ref("upper")
    upper.set_param("W", numpy.ascontiguousarray(old_upper.get_param("W")[rows]))
    upper.set_param("b", numpy.ascontiguousarray(old_upper.get_param("b")[rows]))
    meta_file = path / "meta.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    nlp.to_disk(path)
    meta["labels"] = {"ner": sorted(keep)}
    meta["newsgraph_pruned_labels"] = {"moves_before": before, "moves_after": new.moves.n_moves}
    meta_file.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return before, new.moves.n_moves


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--keep", nargs="+", default=["PER", "ORG", "LOC", "MISC"])
    args = ap.parse_args()
    before, after = prune(args.path, args.keep)
    print(f"{args.path}: {before} actions → {after}")


if __name__ == "__main__":
    main()
