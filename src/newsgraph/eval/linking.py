"""`newsgraph eval linking`: entity linking against a team-written gold file, scored pairwise.

Data (JSONL, one short news document per line; `data/eval/linking/README.md`):
`{"id","lang","date","split","text","mentions":[{"start","end","text","type","entity","case"?,"confusable"?}]}`.
`entity` is a pack id (`luong-cuong`) or a label `new:<slug>` for an entity no pack knows; the
label only says which gold mentions are one real-world entity, so its spelling is never compared.

The documents are ingested in date order into a fresh temporary SQLite store through the real
pipeline (the configured stages, plus `mentions.ner.v1` when missing) and the store's linking, as
live ingestion would see them: as JSONL rows declaring id, date and language, as a feed would. The
stored mentions and their `entity_id` are then read back. Each gold mention takes the
entity of the stored mention with the same span, else of the same-type stored mention overlapping
it most; with none, or with no entity id, it is a singleton. Scores:

- `precision`/`recall`/`f1`: pairwise over all pairs of gold mentions (same entity in gold vs
  same in prediction), as coreference/clustering metrics do; `by_lang` restricts to pairs inside
  one language, `cross_lingual` to pairs whose two mentions are in different languages.
- `pack_accuracy`: gold mentions of a pack entity whose predicted id is that pack id.
- `false_pack_links`: gold mentions of an entity no pack knows that were linked to a pack id.
- `hard_negative_errors`: gold-different pairs declared confusable (`confusable` lists the
  entities a mention's entity is easily taken for) that the system put in one entity.

A ratio with nothing to count is null, not 0 (no gold pair in a language, no pack mention in a case).
`docs_per_s` times the whole ingest, loading the models once included.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from ..config import Settings
from ..ingest import Report, ingest
from ..model.document import Document
from ..store import open_store
from .data import read_jsonl
from .metrics import prf

NER_STAGE = "mentions.ner.v1"
ENTITY_TYPES = frozenset({"PER", "ORG", "LOC", "MISC"})
NEW_PREFIX = "new:"


@dataclass(frozen=True)
class Gold:
    """One gold mention, flattened out of its document."""

    key: str  # "<doc id>#<index>", unique in the file
    doc: str
    lang: str
    start: int
    end: int
    type: str
    entity: str
    case: str | None = None
    confusable: tuple[str, ...] = ()

    @property
    def in_pack(self) -> bool:
        return not self.entity.startswith(NEW_PREFIX)


@dataclass(frozen=True)
class Predicted:
    """A stored mention read back, with offsets already mapped onto the gold text."""

    start: int
    end: int
    type: str
    entity_id: str | None


@dataclass
class Alignment:
    """Gold mention key → predicted entity id (None: nothing linked) and whether a span was found."""

    entity: dict[str, str | None] = field(default_factory=dict)
    found: set[str] = field(default_factory=set)


# -- reading the gold file -----------------------------------------------------------------------
def load_records(path: str | Path, split: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Records of one split (or all), in date order, as live ingestion would meet them."""
    records = [r for r in read_jsonl(path) if split is None or r.get("split") == split]
    records.sort(key=lambda r: (r.get("date") or "", r["id"]))
    return records[:limit] if limit else records


def gold_mentions(records: Iterable[dict[str, Any]]) -> list[Gold]:
    """Flatten the records' mentions; an offset that does not hold its text is an error, never skipped."""
    out: list[Gold] = []
    for rec in records:
        for i, m in enumerate(rec["mentions"]):
            if rec["text"][m["start"] : m["end"]] != m["text"]:
                raise ValueError(f"{rec['id']} mention {i}: offsets {m['start']}:{m['end']} do not hold {m['text']!r}")
            out.append(Gold(f"{rec['id']}#{i}", rec["id"], rec["lang"], m["start"], m["end"], m["type"],
                            m["entity"], m.get("case"), tuple(m.get("confusable", ()))))
    return out


# -- matching predicted spans to gold spans ------------------------------------------------------
def match(gold: Sequence[Gold], predicted: Sequence[Predicted]) -> Alignment:
    """Exact span first (a linked one preferred), else the same-type span overlapping most."""
    out = Alignment()
    for g in gold:
        hit = _best(g, predicted)
        out.entity[g.key] = hit.entity_id if hit else None
        if hit:
            out.found.add(g.key)
    return out


def _best(g: Gold, predicted: Sequence[Predicted]) -> Predicted | None:
    """Overlaps must share the type, so a LOC inside an ORG name never lends the ORG its entity."""
    exact = [p for p in predicted if (p.start, p.end) == (g.start, g.end)]
    if exact:
        return max(exact, key=lambda p: p.entity_id is not None)
    overlapping = [p for p in predicted if p.type == g.type and p.start < g.end and g.start < p.end]
    if not overlapping:
        return None
    return max(overlapping, key=lambda p: (min(p.end, g.end) - max(p.start, g.start), p.entity_id is not None))


def predicted_labels(gold: Sequence[Gold], alignment: Alignment) -> dict[str, str]:
    """Each gold mention's predicted cluster: its entity id, or a singleton of its own when unlinked."""
    return {g.key: alignment.entity.get(g.key) or f"\0singleton:{g.key}" for g in gold}


# -- scores --------------------------------------------------------------------------------------
def _pairs(counts: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in counts)


def pair_counts(gold: Sequence[Gold], pred: dict[str, str]) -> tuple[int, int, int]:
    """(pairs same in both, pairs same in prediction, pairs same in gold), from contingency counts."""
    both = _pairs(Counter((g.entity, pred[g.key]) for g in gold).values())
    same_pred = _pairs(Counter(pred[g.key] for g in gold).values())
    same_gold = _pairs(Counter(g.entity for g in gold).values())
    return both, same_pred, same_gold


def _prf_from(both: int, same_pred: int, same_gold: int) -> dict[str, Any]:
    """P/R/F1 from pair counts; a ratio with nothing to count (no predicted or no gold pair) is None,
    not 0, so a language whose mentions are all different entities does not read as a failure."""
    out: dict[str, Any] = prf(both, same_pred - both, same_gold - both)
    if not same_pred:
        out["precision"] = None
    if not same_gold:
        out["recall"] = None
    if out["precision"] is None or out["recall"] is None:
        out["f1"] = None
    out["gold_pairs"], out["predicted_pairs"] = same_gold, same_pred
    return out


def pairwise(gold: Sequence[Gold], pred: dict[str, str]) -> dict[str, Any]:
    """Pairwise P/R/F1: a pair is positive when its two mentions are one entity."""
    return {"n": len(gold), **_prf_from(*pair_counts(gold, pred))}


def by_language(gold: Sequence[Gold], pred: dict[str, str], found: set[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for lang in sorted({g.lang for g in gold}):
        part = [g for g in gold if g.lang == lang]
        out[lang] = {**pairwise(part, pred), "pack_accuracy": pack_accuracy(part, pred)["pack_accuracy"],
                     "found": _share(sum(g.key in found for g in part), len(part))}
    return out


def cross_lingual(gold: Sequence[Gold], pred: dict[str, str]) -> dict[str, Any]:
    """Pairs whose mentions are in different languages: all pairs minus those inside one language."""
    both, same_pred, same_gold = pair_counts(gold, pred)
    for lang in {g.lang for g in gold}:
        b, p, s = pair_counts([g for g in gold if g.lang == lang], pred)
        both, same_pred, same_gold = both - b, same_pred - p, same_gold - s
    return _prf_from(both, same_pred, same_gold)


def pack_accuracy(gold: Sequence[Gold], pred: dict[str, str]) -> dict[str, Any]:
    in_pack = [g for g in gold if g.in_pack]
    right = sum(pred[g.key] == g.entity for g in in_pack)
    return {"pack_mentions": len(in_pack), "pack_accuracy": _share(right, len(in_pack)) if in_pack else None}


def false_pack_links(gold: Sequence[Gold], pred: dict[str, str], pack_ids: set[str]) -> dict[str, Any]:
    """Mentions of entities no pack knows that were linked to a pack entity anyway."""
    new = [g for g in gold if not g.in_pack]
    wrong = sum(pred[g.key] in pack_ids for g in new)
    return {"new_mentions": len(new), "false_pack_links": wrong, "false_pack_link_rate": _share(wrong, len(new))}


def hard_negatives(gold: Sequence[Gold], pred: dict[str, str]) -> dict[str, Any]:
    """Gold-different pairs declared confusable, and how many of them the system merged."""
    pairs = errors = 0
    for i, a in enumerate(gold):
        for b in gold[i + 1 :]:
            if a.entity != b.entity and (b.entity in a.confusable or a.entity in b.confusable):
                pairs += 1
                errors += pred[a.key] == pred[b.key]
    return {"hard_negative_pairs": pairs, "hard_negative_errors": errors,
            "hard_negative_error_rate": _share(errors, pairs), **hard_negative_entities(gold, pred)}


def hard_negative_entities(gold: Sequence[Gold], pred: dict[str, str]) -> dict[str, int]:
    """The same per pair of entities, so an entity with many mentions does not weigh more: how many
    declared-confusable entity pairs (both present) the system merged in at least one mention."""
    labels: dict[str, set[str]] = {}
    for m in gold:
        labels.setdefault(m.entity, set()).add(pred[m.key])
    declared = {tuple(sorted((m.entity, c))) for m in gold for c in m.confusable if c in labels and c != m.entity}
    merged = sum(bool(labels[a] & labels[b]) for a, b in declared)
    return {"hard_negative_entity_pairs": len(declared), "hard_negative_entity_pairs_merged": merged}


def by_case(gold: Sequence[Gold], pred: dict[str, str], found: set[str]) -> dict[str, dict[str, Any]]:
    """Per kind of case: found share, and for pack mentions the share linked to the right id."""
    out: dict[str, dict[str, Any]] = {}
    for case in sorted({g.case for g in gold if g.case}):
        part = [g for g in gold if g.case == case]
        out[case] = {"n": len(part), "found": _share(sum(g.key in found for g in part), len(part)),
                     **pack_accuracy(part, pred)}
    return out


def score(gold: Sequence[Gold], alignment: Alignment, pack_ids: set[str]) -> dict[str, Any]:
    """Every linking score for gold mentions and what the system predicted for them."""
    pred = predicted_labels(gold, alignment)
    linked = sum(alignment.entity.get(g.key) is not None for g in gold)
    result = pairwise(gold, pred)
    result.update(pack_accuracy(gold, pred))
    result["found"] = _share(len(alignment.found & {g.key for g in gold}), len(gold))
    result["linked"] = _share(linked, len(gold))
    result.update(false_pack_links(gold, pred, pack_ids))
    result.update(hard_negatives(gold, pred))
    result["cross_lingual"] = cross_lingual(gold, pred)
    result["by_lang"] = by_language(gold, pred, alignment.found)
    result["by_case"] = by_case(gold, pred, alignment.found)
    result["entities_gold"] = len({g.entity for g in gold})
    return result


def _share(k: int, n: int) -> float:
    return round(k / n, 4) if n else 0.0


# -- running the system --------------------------------------------------------------------------
def offset_map(gold_text: str, stored_text: str) -> dict[int, int]:
    """Gold character index → stored index, for the characters both texts share (identity when equal)."""
    if gold_text == stored_text:
        return {i: i for i in range(len(gold_text) + 1)}
    out: dict[int, int] = {}
    for block in SequenceMatcher(None, gold_text, stored_text, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            out[block.a + k] = block.b + k
    return out


def stored_predictions(gold_text: str, stored: dict[str, Any]) -> list[Predicted]:
    """The stored entity mentions with offsets mapped back onto the gold text (cleaning may differ)."""
    back = {b: a for a, b in offset_map(gold_text, stored["text"]).items()}
    out: list[Predicted] = []
    for m in stored["mentions"]:
        start, last = back.get(m["start"]), back.get(m["end"] - 1)
        if m["type"] in ENTITY_TYPES and start is not None and last is not None:
            out.append(Predicted(start, last + 1, m["type"], m.get("entity_id")))
    return out


def stored_id(rec: dict[str, Any]) -> str:
    """The id the store gives this record: the reader keeps the declared id as the document's identity."""
    return Document(source="", raw=rec["text"], meta={"id": rec["id"]}).id


def pipeline_stages(settings: Settings) -> list[str]:
    """The configured stages, with statistical NER after the gazetteer: names no pack knows need it."""
    stages = list(settings.pipeline.stages)
    if NER_STAGE not in stages:
        gaz = "mentions.gazetteer.v1"
        stages.insert(stages.index(gaz) + 1 if gaz in stages else len(stages), NER_STAGE)
    return stages


def run_system(records: Sequence[dict[str, Any]], settings: Settings) -> tuple[dict[str, list[Predicted]], Report]:
    """Ingest the records into a fresh store; the predictions per record id, and the ingest report."""
    with tempfile.TemporaryDirectory(prefix="newsgraph-linking-") as tmp:
        src = Path(tmp) / "docs.jsonl"
        with src.open("w", encoding="utf-8") as f:
            for r in records:
                row = {"id": r["id"], "text": r["text"], "date": r.get("date"), "lang": r.get("lang")}
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        store = open_store(str(Path(tmp) / "linking.db"))
        try:
            report = ingest([str(src)], store, settings, stages=pipeline_stages(settings))
            out = {}
            for r in records:
                stored = store.get_document(stored_id(r))
                out[r["id"]] = stored_predictions(r["text"], stored) if stored else []
        finally:
            store.close()
    return out, report


def pack_entity_ids() -> set[str]:
    from ..packs import load_packs

    return {i for p in load_packs() for i in (*p.people, *p.institutions)}


def mention_rows(records: Sequence[dict[str, Any]], gold: Sequence[Gold], alignment: Alignment) -> list[dict[str, Any]]:
    """One row per gold mention with what the system said, for reading the errors of a dev run."""
    text = {r["id"]: r["text"] for r in records}
    return [{"key": g.key, "lang": g.lang, "text": text[g.doc][g.start : g.end], "type": g.type, "case": g.case,
             "gold": g.entity, "predicted": alignment.entity.get(g.key), "found": g.key in alignment.found}
            for g in gold]


def run(
    path: str | Path, settings: Settings, limit: int | None = None, split: str | None = None, details: bool = False
) -> dict[str, Any]:
    """Score linking on a gold file (one split or all; `limit` = first N documents in date order).
    `details` adds `mentions`: every gold mention with its predicted entity id (for error analysis)."""
    records = load_records(path, split, limit)
    gold = gold_mentions(records)
    predicted, report = run_system(records, settings)
    alignment = Alignment()
    for rec in records:
        part = match([g for g in gold if g.doc == rec["id"]], predicted[rec["id"]])
        alignment.entity.update(part.entity)
        alignment.found |= part.found
    result: dict[str, Any] = {"split": split or "all", "docs": len(records), "stored": report.stored,
                              "rejected": len(report.rejected), "near_duplicates": len(report.near_duplicates)}
    result.update(score(gold, alignment, pack_entity_ids()))
    result["docs_per_s"] = round(len(records) / report.seconds, 1) if report.seconds else 0.0
    if details:
        result["mentions"] = mention_rows(records, gold, alignment)
    return result
