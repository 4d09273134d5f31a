"""Schema migrations by name, applied in order and recorded in `migrations`.

A database records the names it has; opening it applies the missing ones in one
transaction each. A database that has a name this code does not know was written by a
newer newsgraph: opening it refuses with SchemaTooNew instead of guessing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .fts import TOKENIZE

Migration = Callable[[Any], None]


def m001_documents(con: Any) -> None:
    con.execute(
        """CREATE TABLE documents (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            kind TEXT NOT NULL,
            url TEXT,
            title TEXT,
            text TEXT NOT NULL,               -- clean text, verbatim: offsets index into it
            lang TEXT,
            lang_confidence REAL,
            langs TEXT,                        -- JSON [[lang, share], ...]
            pub_date TEXT,                     -- ISO cut to precision
            pub_precision TEXT,
            pub_source TEXT,
            pub_confidence REAL,
            pub_evidence TEXT,
            pub_start INTEGER,
            pub_end INTEGER,
            pub_lo TEXT,                       -- first and last day of the published period, for filters
            pub_hi TEXT,
            date_flags TEXT,                   -- JSON list
            raw_hash TEXT NOT NULL,            -- sha256 of the original bytes
            content_key TEXT NOT NULL,         -- sha256 of the decoded input, whitespace collapsed
            encoding TEXT,
            minhash BLOB,
            dup_of TEXT,                       -- id of the document this one duplicates
            dup_kind TEXT,                     -- exact | near
            dup_similarity REAL,
            meta TEXT,                         -- JSON: what the source declared
            removed TEXT,                      -- JSON: boilerplate cut by clean, with rule ids
            run_id INTEGER,
            ingested_at TEXT NOT NULL
        )"""
    )
    con.execute("CREATE INDEX documents_content_key ON documents(content_key)")
    con.execute("CREATE INDEX documents_lang_date ON documents(lang, pub_lo)")
    con.execute("CREATE INDEX documents_pub ON documents(pub_lo, pub_hi)")
    con.execute("CREATE INDEX documents_dup_of ON documents(dup_of)")
    con.execute("CREATE TABLE near_bands (band INTEGER NOT NULL, key INTEGER NOT NULL, doc_rowid INTEGER NOT NULL)")
    con.execute("CREATE INDEX near_bands_key ON near_bands(band, key)")
    con.execute("CREATE TABLE raw (doc_rowid INTEGER PRIMARY KEY, data BLOB NOT NULL)  -- zlib of the decoded input")
    con.execute(
        """CREATE TABLE mentions (
            doc_rowid INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            type TEXT NOT NULL, method TEXT NOT NULL, confidence REAL, entity_id TEXT)"""
    )
    con.execute("CREATE INDEX mentions_doc ON mentions(doc_rowid)")
    con.execute(
        f"""CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, body, content='', contentless_delete=1, tokenize="{TOKENIZE}")"""
    )


def m002_runs(con: Any) -> None:
    con.execute(
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT,
            status TEXT NOT NULL, args TEXT, summary TEXT)"""
    )
    con.execute(
        """CREATE TABLE rejections (
            id INTEGER PRIMARY KEY, run_id INTEGER, source TEXT NOT NULL, stage TEXT NOT NULL,
            code TEXT NOT NULL, message TEXT NOT NULL, at TEXT NOT NULL)"""
    )
    con.execute("CREATE INDEX rejections_run ON rejections(run_id)")


def m003_doc_facets(con: Any) -> None:
    """A narrow copy of the filter columns: joining full-text matches to it is ~10x faster than to
    `documents`, whose rows carry the whole text (measured on 100k documents, BENCHMARKS.md)."""
    con.execute("CREATE TABLE doc_facets (rowid INTEGER PRIMARY KEY, lang TEXT, pub_lo TEXT, pub_hi TEXT)")
    con.execute("INSERT INTO doc_facets SELECT rowid, lang, pub_lo, pub_hi FROM documents")


def m004_document_sources(con: Any) -> None:
    """Every other place a stored document was seen (an exact copy under another name or URL)."""
    con.execute(
        """CREATE TABLE document_sources (
            doc_rowid INTEGER NOT NULL, source TEXT NOT NULL, run_id INTEGER, seen_at TEXT NOT NULL,
            UNIQUE (doc_rowid, source))"""
    )


def m005_mention_attrs(con: Any) -> None:
    con.execute("ALTER TABLE mentions ADD COLUMN attrs TEXT")  # JSON: normalised facts about the span


def m006_mentions_entity_index(con: Any) -> None:
    con.execute("CREATE INDEX mentions_entity ON mentions(entity_id) WHERE entity_id IS NOT NULL")


def m007_entities(con: Any) -> None:
    """Entities as the linker sees them: pack entities once mentioned, and learned ones (linking/)."""
    con.execute(
        """CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            type TEXT NOT NULL,          -- PER ORG LOC MISC
            name TEXT NOT NULL,          -- canonical name
            origin TEXT NOT NULL,        -- 'pack:<pack name>' or 'learned'
            confidence REAL,             -- how sure the linker is that its mentions are one real-world entity
            attrs TEXT,                  -- JSON: posts read from text {post: [first, last]}
            first_seen TEXT,             -- publication dates (first day of the period) of its first/last linked mention
            last_seen TEXT)"""
    )
    con.execute(
        """CREATE TABLE entity_names (
            entity_id TEXT NOT NULL, name TEXT NOT NULL, lang TEXT, script TEXT,
            key TEXT NOT NULL,           -- the linker's match key of the name
            origin TEXT NOT NULL,        -- 'text' | 'pack' | 'correction'
            seen INTEGER NOT NULL DEFAULT 0,
            blocked INTEGER NOT NULL DEFAULT 0,  -- 1: a correction said this name is NOT this entity
            PRIMARY KEY (entity_id, name))"""
    )
    con.execute("CREATE INDEX entity_names_key ON entity_names(key)")
    con.execute("CREATE INDEX entity_names_blocked ON entity_names(key, entity_id) WHERE blocked = 1")
    con.execute(  # every match key of every name that may stand for its entity alone (linking/keys.py)
        """CREATE TABLE entity_keys (
            key TEXT NOT NULL,           -- '<kind>:<key>', kind = fold | translit | phonetic
            type TEXT NOT NULL, entity_id TEXT NOT NULL, name TEXT NOT NULL,
            PRIMARY KEY (key, type, entity_id, name)) WITHOUT ROWID"""
    )
    con.execute("CREATE INDEX entity_keys_entity ON entity_keys(entity_id)")


def m008_corrections(con: Any) -> None:
    """Analysts' corrections: an append-only log, re-applied after every (re-)processing."""
    con.execute(
        """CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL, author TEXT NOT NULL,
            op TEXT NOT NULL,            -- merge | split | rename | alias_add | alias_remove | reassign | undo
            args TEXT NOT NULL,          -- JSON
            note TEXT)"""
    )
    for event in ("UPDATE", "DELETE"):  # the log is append-only, whoever writes to the file
        con.execute(f"""CREATE TRIGGER corrections_no_{event.lower()} BEFORE {event} ON corrections
                        BEGIN SELECT RAISE(ABORT, 'the corrections log is append-only: undo adds an entry'); END""")
    # Derived by corrections.replay from the log (never edited by hand): where merged-away ids went,
    # so every reader and the linker can follow them.
    con.execute(
        """CREATE TABLE entity_redirects (
            from_id TEXT PRIMARY KEY, to_id TEXT NOT NULL,
            correction_id INTEGER NOT NULL)   -- the merge that made it"""
    )
    # What the linker had written before corrections changed it, and what corrections wrote: replay
    # restores the linker's value (or takes the linker's newer one) and re-applies the active log,
    # so undo and re-runs start from the linker's state, never from an earlier replay's.
    con.execute(
        """CREATE TABLE correction_mentions (
            doc_id TEXT NOT NULL,        -- documents.id: stable across re-ingest into a fresh store
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, type TEXT NOT NULL,
            base_entity TEXT,            -- the linker's entity_id
            entity TEXT,                 -- what the corrections set
            PRIMARY KEY (doc_id, start, "end", type))"""
    )
    con.execute(
        """CREATE TABLE correction_rows (
            tbl TEXT NOT NULL,           -- entities | entity_names
            key TEXT NOT NULL,           -- JSON primary key of the row
            base TEXT,                   -- JSON row as the linker left it; NULL: no such row
            final TEXT,                  -- JSON row as corrections left it; NULL: deleted
            PRIMARY KEY (tbl, key))"""
    )


def m009_mentions_entity_doc(con: Any) -> None:
    """Entity → documents answered from the index alone (co-mention counts, entity pages)."""
    con.execute("CREATE INDEX mentions_entity_doc ON mentions(entity_id, doc_rowid) WHERE entity_id IS NOT NULL")
    con.execute("DROP INDEX mentions_entity")


def m010_fold_yo(con: Any) -> None:
    """`fold` maps ё → е from this version on (Горбачёв = Горбачев). Re-fold what was stored with ё:
    the full-text rows and near-duplicate signatures of documents containing it, and the match keys
    of entity names containing it. Documents and names without ё are untouched."""
    from ..linking.keys import fold_key
    from ..text import fingerprint
    from ..text.normalise import fold
    from .fts import index_text

    has_yo = "(instr({0}, 'ё') > 0 OR instr({0}, 'Ё') > 0)"
    where = f"{has_yo.format('text')} OR {has_yo.format('title')}"  # instr of a NULL title is NULL: false
    docs = con.execute(f"SELECT rowid, title, text FROM documents WHERE {where}").fetchall()
    for rowid, title, text in docs:
        folded = fold(text)
        con.execute("DELETE FROM documents_fts WHERE rowid = ?", (rowid,))
        con.execute("INSERT INTO documents_fts (rowid, title, body) VALUES (?, ?, ?)",
                    (rowid, index_text(title or ""), index_text(folded, folded=True)))
        sig = fingerprint.minhash_folded(folded)
        con.execute("UPDATE documents SET minhash = ? WHERE rowid = ?", (sig.tobytes(), rowid))
        con.execute("DELETE FROM near_bands WHERE doc_rowid = ?", (rowid,))
        con.executemany("INSERT INTO near_bands (band, key, doc_rowid) VALUES (?, ?, ?)",
                        [(b, k, rowid) for b, k in enumerate(fingerprint.band_keys(sig))])
    for entity_id, name in con.execute(f"SELECT entity_id, name FROM entity_names WHERE {has_yo.format('name')}").fetchall():
        con.execute("UPDATE entity_names SET key = ? WHERE entity_id = ? AND name = ?", (fold_key(name), entity_id, name))
    rows = con.execute(f"SELECT key, type, entity_id, name FROM entity_keys WHERE key LIKE 'fold:%' "
                       f"AND {has_yo.format('name')}").fetchall()
    for key, type_, entity_id, name in rows:
        con.execute("DELETE FROM entity_keys WHERE key = ? AND type = ? AND entity_id = ? AND name = ?",
                    (key, type_, entity_id, name))
        con.execute("INSERT OR IGNORE INTO entity_keys (key, type, entity_id, name) VALUES (?, ?, ?, ?)",
                    (f"fold:{fold_key(name)}", type_, entity_id, name))


def m011_vectors(con: Any) -> None:
    """Embeddings cached by content hash (model, vector as float32 bytes), and each document's
    embedded passages with their character offsets into the clean text. The KNN index over the
    passages (a sqlite-vec `vec0` table per model, rowid = doc_chunks.id) is created on first use
    (store/vectors.py): only that table needs the extension to be read."""
    con.execute("""CREATE TABLE embeddings (
        key TEXT PRIMARY KEY, model TEXT NOT NULL, dim INTEGER NOT NULL, vec BLOB NOT NULL) WITHOUT ROWID""")
    con.execute("""CREATE TABLE doc_chunks (
        id INTEGER PRIMARY KEY, doc_rowid INTEGER NOT NULL, model TEXT NOT NULL, chunk INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, key TEXT NOT NULL, UNIQUE (model, doc_rowid, chunk))""")


def m012_stories(con: Any) -> None:
    """Stories: documents about one event across languages (stories/assign.py). A document's story
    never changes once given (ids stay stable as documents arrive); `score` is its best link's
    similarity as a z-score for the two languages (null for the document that opened the story)."""
    con.execute("""CREATE TABLE stories (
        id TEXT PRIMARY KEY, first_seen TEXT, last_seen TEXT, size INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL)""")
    con.execute("""CREATE TABLE story_members (
        doc_rowid INTEGER PRIMARY KEY, story_id TEXT NOT NULL, score REAL,
        assigned_at TEXT NOT NULL)""")
    con.execute("CREATE INDEX story_members_story ON story_members(story_id)")


def m013_story_repairs(con: Any) -> None:
    """Stories that change after they are made: merge/split repair (logged in `story_log`), analysts'
    corrections (in the `corrections` log, re-applied over `base_story`), redirects from merged-away
    ids, and which members are translations or near-duplicates of another member."""
    con.execute("ALTER TABLE story_members ADD COLUMN base_story TEXT")  # clusterer + repair; story_id: corrected
    con.execute("UPDATE story_members SET base_story = story_id")
    con.execute("ALTER TABLE story_members ADD COLUMN relation TEXT")  # translation | near-duplicate
    con.execute("ALTER TABLE story_members ADD COLUMN relation_of INTEGER")  # doc_rowid of the member it repeats
    con.execute("ALTER TABLE story_members ADD COLUMN relation_score REAL")
    con.execute("""CREATE TABLE story_log (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL,
        action TEXT NOT NULL,          -- merge | split | rebuild
        stories TEXT NOT NULL,         -- JSON: merge [kept, merged_away]; split [story, new story]
        docs TEXT NOT NULL,            -- JSON document ids that moved (split)
        score REAL, reason TEXT)""")
    for event in ("UPDATE", "DELETE"):
        con.execute(f"""CREATE TRIGGER story_log_no_{event.lower()} BEFORE {event} ON story_log
                        BEGIN SELECT RAISE(ABORT, 'the story log is append-only'); END""")
    con.execute("""CREATE TABLE story_redirects (
        from_id TEXT PRIMARY KEY, to_id TEXT NOT NULL,
        source TEXT NOT NULL,          -- repair | correction
        ref INTEGER NOT NULL)          -- story_log.id or corrections.id""")


def m014_vector_versions(con: Any) -> None:
    """A counter per model that every insert or delete of a passage bumps: a process that keeps the
    passage vectors in memory reloads them when it changed (a passage id can be reused after
    `reprocess` dropped the newest one, so the largest id alone does not tell)."""
    con.execute("CREATE TABLE vector_versions (model TEXT PRIMARY KEY, version INTEGER NOT NULL)")
    con.execute("INSERT INTO vector_versions SELECT model, count(*) FROM doc_chunks GROUP BY model")
    for event, row in (("INSERT", "NEW"), ("DELETE", "OLD")):
        con.execute(f"""CREATE TRIGGER doc_chunks_version_{event.lower()} AFTER {event} ON doc_chunks BEGIN
                        INSERT INTO vector_versions (model, version) VALUES ({row}.model, 1)
                        ON CONFLICT (model) DO UPDATE SET version = version + 1; END""")


def m015_mentions_doc_type(con: Any) -> None:
    """Mentions by document with their type, in the index itself: a search's entity-type facet counts
    the types of every matching document from the index alone (≈ 4x faster at 100k documents).
    It serves every lookup by document as the index it replaces did."""
    con.execute("CREATE INDEX mentions_doc_type ON mentions(doc_rowid, type)")
    con.execute("DROP INDEX IF EXISTS mentions_doc")


def m016_doc_facets_types(con: Any) -> None:
    """Each document's mention types in the narrow facets table (records.facet_types): the
    entity-type facet of a search groups one column of its hits (≈ 3x faster than reading their
    mentions at 100k documents). Written with the document's mentions, by ingest and reprocess."""
    con.execute("ALTER TABLE doc_facets ADD COLUMN types TEXT")
    con.execute("""UPDATE doc_facets SET types = (SELECT group_concat(type, ' ') FROM
                   (SELECT DISTINCT type FROM mentions WHERE doc_rowid = doc_facets.rowid ORDER BY type))""")


def m017_store_versions(con: Any) -> None:
    """A counter that every write to doc_facets or story_members bumps: a process that counts search
    facets from an in-memory copy of them (facet_index.py) knows when that copy is stale."""
    con.execute("CREATE TABLE store_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL)")
    con.execute("INSERT INTO store_versions VALUES ('facets', 1)")
    for table in ("doc_facets", "story_members"):
        for event in ("INSERT", "UPDATE", "DELETE"):
            con.execute(f"""CREATE TRIGGER {table}_version_{event.lower()} AFTER {event} ON {table} BEGIN
                            UPDATE store_versions SET version = version + 1 WHERE name = 'facets'; END""")


MIGRATIONS: list[tuple[str, Migration]] = [
    ("001_documents", m001_documents),
    ("002_runs", m002_runs),
    ("003_doc_facets", m003_doc_facets),
    ("004_document_sources", m004_document_sources),
    ("005_mention_attrs", m005_mention_attrs),
    ("006_mentions_entity_index", m006_mentions_entity_index),
    ("007_entities", m007_entities),
    ("008_corrections", m008_corrections),
    ("009_mentions_entity_doc", m009_mentions_entity_doc),
    ("010_fold_yo", m010_fold_yo),
    ("011_vectors", m011_vectors),
    ("012_stories", m012_stories),
    ("013_story_repairs", m013_story_repairs),
    ("014_vector_versions", m014_vector_versions),
    ("015_mentions_doc_type", m015_mentions_doc_type),
    ("016_doc_facets_types", m016_doc_facets_types),
    ("017_store_versions", m017_store_versions),
]

SCHEMA_VERSION = len(MIGRATIONS)
