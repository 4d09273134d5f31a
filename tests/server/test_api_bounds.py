"""No reply grows with the store: a store where every sample document is present eight times (as
distinct documents with the same mentions and stories) still gets records cut to their first
50 documents / 20 evidence mentions, with totals that say how many there are."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from newsgraph.store import fts
from newsgraph.text.normalise import fold

try:
    import sqlean as sqlite3
except ImportError:  # pragma: no cover
    import sqlite3  # type: ignore[no-redef]

COPIES = 7


def _replicate(db: Path, copies: int) -> None:
    """Copies of every document under new ids, with their facets, full-text rows, mentions and stories."""
    con = sqlite3.connect(str(db), isolation_level=None)
    cols = [r[1] for r in con.execute("PRAGMA table_info(documents)") if r[1] != "rowid"]
    n = con.execute("SELECT max(rowid) FROM documents").fetchone()[0]
    texts = con.execute("SELECT rowid, title, text FROM documents").fetchall()
    con.execute("BEGIN")
    for k in range(1, copies + 1):
        off = n * k
        sel = ", ".join(f"{c} || '-{k}'" if c in ("id", "content_key") else f'"{c}"' for c in cols)
        names = ", ".join(f'"{c}"' for c in cols)
        con.execute(f"INSERT INTO documents (rowid, {names}) SELECT rowid + {off}, {sel} FROM documents WHERE rowid <= {n}")
        con.execute(f"INSERT INTO doc_facets SELECT rowid + {off}, lang, pub_lo, pub_hi, types FROM doc_facets WHERE rowid <= {n}")
        con.execute(f"""INSERT INTO mentions SELECT doc_rowid + {off}, start, "end", type, method, confidence, entity_id, attrs
                        FROM mentions WHERE doc_rowid <= {n}""")
        con.execute(f"""INSERT INTO story_members (doc_rowid, story_id, score, assigned_at, base_story)
                        SELECT doc_rowid + {off}, story_id, score, assigned_at, base_story FROM story_members WHERE doc_rowid <= {n}""")
        con.executemany("INSERT INTO documents_fts (rowid, title, body) VALUES (?, ?, ?)",
                        [(r + off, fts.index_text(t or ""), fts.index_text(fold(x), folded=True)) for r, t, x in texts])
    con.execute("UPDATE stories SET size = (SELECT count(*) FROM story_members m WHERE m.story_id = stories.id)")
    con.execute("COMMIT")
    con.close()


@pytest.fixture
def crowded(serve, sample_db):
    _replicate(sample_db, COPIES)
    server = serve(sample_db)
    with httpx.Client(base_url=server.url, timeout=120) as c:
        yield c


def test_records_are_cut_and_say_how_much_there_is(crowded, api):
    one = api.get("/api/entities/phan-van-giang").json()
    rec = crowded.get("/api/entities/phan-van-giang").json()
    assert rec["documents_total"] == (COPIES + 1) * one["documents_total"] > 50
    assert len(rec["documents"]) == 50
    assert all(len(r["evidence"]) == min(20, r["evidence_total"]) for r in rec["roles_from_text"])
    assert max(r["evidence_total"] for r in rec["roles_from_text"]) > 20
    docs = crowded.get("/api/entities/phan-van-giang/documents", params={"limit": 1000}).json()
    assert len(docs["items"]) == 100 and docs["total"] == rec["documents_total"]
    net = crowded.get("/api/entities/phan-van-giang/network").json()
    assert net["documents_counted"] == net["documents_total"] == rec["documents_total"]


def test_story_and_search_replies_stay_bounded(crowded):
    big = crowded.get("/api/stories", params={"limit": 100}).json()["items"]
    sid = max(big, key=lambda s: s["size"])["id"]
    s = crowded.get(f"/api/stories/{sid}").json()
    assert s["documents_total"] == s["size"] > 50 and len(s["documents"]) == 50
    assert all(len(v) <= 50 for v in s["by_language"].values())
    found = crowded.get("/api/search", params={"q": "defence", "mode": "keyword", "limit": 500}).json()
    assert len(found["hits"]) == 100 < found["total"] == sum(found["facets"]["lang"].values())
    assert len(found["facets"]["story"]) <= 10
