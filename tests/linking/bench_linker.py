"""Linking cost per document (not a test; run by hand):

    .venv/bin/python tests/linking/bench_linker.py [N_DOCS] [DB]

Writes N synthetic 400-word documents with ~24 mentions each (pack-linked people and places,
unlinked full names drawn from a pool of 3,000 Vietnamese-style names written with or without
diacritics, some in Arabic-style short forms, organisations, one-word short forms) into a fresh
SQLite store with linking switched off, then times `link_documents` over them in batches of 200,
as ingest would call it. Prints one JSON line: wall time and this process's CPU time (the CPU
time is the fairer number on a shared, loaded machine).
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

from newsgraph.linking import link_documents
from newsgraph.linking.packindex import pack_index
from newsgraph.model.document import Document, Published
from newsgraph.packs import load_packs
from newsgraph.store.sqlite import SQLiteStore

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Công", "Quang", "Minh", "Thanh", "Xuân", "Đình"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Khánh", "Lan", "Long", "Mai", "Nam", "Phúc", "Quân", "Sơn", "Tâm", "Thắng", "Tùng"]
ORGS = ["Acme Shipping Company", "Mekong Delta Institute", "Saigon Port Authority", "Red River Bank"]
FILLER = ["the", "delegation", "discussed", "cooperation", "in", "trade", "defence", "training", "and", "the", "economy", "during", "the", "visit"]
PACK = [("Luong Cuong", "luong-cuong", "PER"), ("Phan Van Giang", "phan-van-giang", "PER"), ("Hanoi", "vn-ha-noi", "LOC")]


def _strip(name: str) -> str:
    from newsgraph.text.normalise import fold

    return " ".join(w.capitalize() for w in fold(name).split())


def make_doc(i: int, pool: list[str], rng: random.Random) -> Document:
    parts: list[tuple[str, str, str | None]] = []  # (text, type, entity_id)
    for _ in range(6):
        name = rng.choice(pool[: 300 + i])  # recurring people, new ones as the corpus grows
        parts.append((name if rng.random() < 0.6 else _strip(name), "PER", None))
        parts.append((name.split()[-1], "PER", None))
    for _ in range(4):
        parts.append((rng.choice(ORGS), "ORG", None))
    for _ in range(8):
        text, eid, typ = rng.choice(PACK)
        parts.append((text, typ, eid))
    rng.shuffle(parts)
    spans: list[tuple[int, int, str, str | None]] = []
    text = ""
    for surface, typ, eid in parts:
        filler = " ".join(rng.choice(FILLER) for _ in range(14)) + " "
        text += filler
        spans.append((len(text), len(text) + len(surface), typ, eid))
        text += surface + ". "
    d = Document(source=f"bench-{i}.txt", raw=text)
    d.text, d.lang = text, "en"
    d.published = Published(f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", "day", "header")
    for s, e, typ, eid in spans:
        d.add_mention(s, e, typ, "bench.v1", 0.8).entity_id = eid
    return d


class NoLinkStore(SQLiteStore):
    def _link(self, doc_ids):  # type: ignore[override]
        return None


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    db = sys.argv[2] if len(sys.argv) > 2 else str(Path(tempfile.mkdtemp()) / "bench.db")
    rng = random.Random(7)
    pool = list(dict.fromkeys(f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}" for _ in range(6000)))
    store = NoLinkStore(db)
    docs = [make_doc(i, pool, rng) for i in range(n)]
    words = sum(len(d.text.split()) for d in docs) / n
    for i in range(0, n, 200):
        store.write_batch(docs[i : i + 200], [], 1)
    rowids = [r[0] for r in store.con.execute("SELECT rowid FROM documents ORDER BY rowid")]
    con = store.con
    pack_index(load_packs())  # built once per process, on the first batch: not a per-document cost
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(0, n, 200):
        con.execute("BEGIN IMMEDIATE")
        link_documents(con, rowids[i : i + 200])
        con.execute("COMMIT")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    mentions = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
    entities = con.execute("SELECT count(*) FROM entities").fetchone()[0]
    print(json.dumps({"docs": n, "words_per_doc": round(words), "mentions_per_doc": round(mentions / n, 1),
                      "entities": entities, "seconds": round(seconds, 3),
                      "ms_per_doc": round(1000 * seconds / n, 3), "cpu_ms_per_doc": round(1000 * cpu / n, 3)}))


if __name__ == "__main__":
    main()
