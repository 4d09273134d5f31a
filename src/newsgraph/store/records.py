"""Document ↔ row ↔ contract dict (DESIGN.md shapes). Backend-independent, so every store agrees."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from ..errors import UsageError
from ..model.document import Document
from ..model.period import bounds


def period(date: str) -> tuple[str, str]:
    """First and last day covered by an ISO date cut to its precision: 2023-12 → 2023-12-01..2023-12-31."""
    try:
        first, last = bounds(date)
    except ValueError:
        raise UsageError(f"not a date: {date!r} (use YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return first.isoformat(), last.isoformat()


def _dumps(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, default=str)


def document_row(doc: Document, run_id: int, ingested_at: str) -> dict[str, Any]:
    p = doc.published
    lo, hi = period(p.date) if p else (None, None)
    return {
        "id": doc.id,
        "source": doc.source,
        "kind": doc.kind,
        "url": doc.meta.get("url"),
        "title": doc.title,
        "text": doc.text,
        "lang": doc.lang,
        "lang_confidence": round(doc.lang_confidence, 4),
        "langs": _dumps(doc.langs),
        "pub_date": p.date if p else None,
        "pub_precision": p.precision if p else None,
        "pub_source": p.source if p else None,
        "pub_confidence": p.confidence if p else None,
        "pub_evidence": p.evidence if p else None,
        "pub_start": p.start if p else None,
        "pub_end": p.end if p else None,
        "pub_lo": lo,
        "pub_hi": hi,
        "date_flags": _dumps(doc.date_flags),
        "raw_hash": doc.raw_hash,
        "content_key": doc.content_key,
        "encoding": doc.encoding,
        "meta": _dumps(doc.meta),
        "removed": _dumps([asdict(r) for r in doc.removed]),
        "run_id": run_id,
        "ingested_at": ingested_at,
    }


def facet_types(types: Sequence[str]) -> str | None:
    """A document's mention types as `doc_facets.types` keeps them: sorted, space-separated, so a
    search's entity-type facet groups a narrow column instead of reading every mention."""
    return " ".join(sorted(set(types))) or None


def published_dict(row: dict[str, Any]) -> dict[str, Any] | None:
    if not row.get("pub_date"):
        return None
    return {"date": row["pub_date"], "precision": row["pub_precision"], "source": row["pub_source"]}


def _mention(text: str, m: Sequence[Any]) -> dict[str, Any]:
    """Contract shape; `attrs` (normalised facts, e.g. a DOCREF's code) only when there are any."""
    s, e, t, _method, _conf, ent, *rest = m
    out = {"start": s, "end": e, "text": text[s:e], "type": t, "entity_id": ent}
    if rest and rest[0]:
        out["attrs"] = json.loads(rest[0])
    return out


def row_to_contract(row: dict[str, Any], mentions: Sequence[Sequence[Any]], detail: bool = False) -> dict[str, Any]:
    """The stable document shape of DESIGN.md; `detail` adds provenance a user can audit."""
    text = row["text"]
    out: dict[str, Any] = {
        "id": row["id"],
        "source": row["source"],
        "title": row["title"],
        "text": text,
        "lang": row["lang"],
        "published": published_dict(row),
        "mentions": [_mention(text, m) for m in mentions],
        "story_id": row.get("story_id"),
    }
    if detail:
        out["detail"] = {
            "url": row["url"],
            "kind": row["kind"],
            "lang_confidence": row["lang_confidence"],
            "langs": json.loads(row["langs"] or "[]"),
            "published": {
                "confidence": row["pub_confidence"],
                "evidence": row["pub_evidence"],
                "start": row["pub_start"],
                "end": row["pub_end"],
            }
            if row["pub_date"]
            else None,
            "date_flags": json.loads(row["date_flags"] or "[]"),
            "raw_hash": row["raw_hash"],
            "encoding": row["encoding"],
            "duplicate_of": row["dup_of"],
            "duplicate_kind": row["dup_kind"],
            "duplicate_similarity": row["dup_similarity"],
            "meta": json.loads(row["meta"] or "{}"),
            "removed": json.loads(row["removed"] or "[]"),
            "ingested_at": row["ingested_at"],
        }
    return out
