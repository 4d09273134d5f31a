"""`newsgraph show`, `docs`, `stats`: look at what is stored and where each fact came from."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ._app import DbOpt, JsonFlag, LangOpt, SinceOpt, UntilOpt, app, make_filters, open_db, out, print_json


@app.command("show")
def show_cli(
    doc_id: Annotated[str, typer.Argument(help="document id (or a unique prefix of at least 4 characters)")],
    db: DbOpt = None,
    as_json: JsonFlag = False,
) -> int:
    """Show one document: text, language, date and where it came from, duplicates, removed boilerplate.

    Example: newsgraph show 3f9c2a1b
    """
    with open_db(db) as ng:
        doc = ng.document(doc_id, detail=True)
    if as_json:
        print_json(doc)
        return 0
    d, pub = doc["detail"], doc["published"]
    out.print(f"[bold]{escape(doc['title'] or '(no title)')}[/]", highlight=False)
    out.print(f"id {doc['id']} · source {escape(doc['source'])}", highlight=False)
    out.print(f"language {doc['lang']} ({d['lang_confidence']:.2f})"
              + (f" · mixed {d['langs']}" if len(d["langs"]) > 1 else ""), highlight=False)
    if pub:
        p = d["published"]
        out.print(f"published {pub['date']} ({pub['precision']} precision, from {pub['source']}, "
                  f"confidence {p['confidence']:.2f}) evidence {escape(repr(p['evidence']))}", highlight=False)
    else:
        out.print("published: unknown (no date found; nothing invented)")
    for flag in d["date_flags"]:
        out.print(f"[yellow]date flag:[/] {escape(flag)}", highlight=False)
    if d["duplicate_of"]:
        out.print(f"{d['duplicate_kind']} duplicate of {d['duplicate_of']} (similarity {d['duplicate_similarity']})")
    out.print(f"encoding {d['encoding']} · raw sha256 {d['raw_hash'][:16]}… · ingested {d['ingested_at']}")
    out.print()
    out.print(doc["text"], markup=False, highlight=False)
    if doc["mentions"]:
        out.print("\n[bold]mentions[/] (offsets into the text above)")
        for m in doc["mentions"]:
            facts = ", ".join(f"{k}={v}" for k, v in (m.get("attrs") or {}).items() if v not in (None, "", [], {}))
            link = f" → {m['entity_id']}" if m["entity_id"] else ""
            out.print(f"  {m['start']}:{m['end']} {m['type']} {escape(m['text'])!r}{link}"
                      + (f"  [dim]{escape(facts)}[/]" if facts else ""), highlight=False)
    if d["removed"]:
        out.print("\n[dim]removed as boilerplate:[/]")
        for r in d["removed"]:
            out.print(f"  [dim]{escape(r['rule'])}: {escape(r['text'][:100])!r}[/]", highlight=False)
    return 0


@app.command("docs")
def docs_cli(
    lang: LangOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    source: Annotated[str | None, typer.Option("--source", help="only sources containing this text")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n")] = 20,
    offset: Annotated[int, typer.Option("--offset")] = 0,
    db: DbOpt = None,
    as_json: JsonFlag = False,
) -> int:
    """List stored documents, newest first, with filters.

    Example: newsgraph docs --lang vi --since 2024-12 --limit 50
    """
    filters = make_filters(lang, since, until, source)
    with open_db(db) as ng:
        docs = ng.documents(filters, limit, offset)
        total = ng.store.count_documents(filters)
    if as_json:
        print_json({"total": total, "documents": [{k: v for k, v in d.items() if k != "text"} for d in docs]})
        return 0
    table = Table("id", "lang", "published", "title", "source", title=f"{total} documents", title_justify="left")
    for d in docs:
        pub = d["published"]
        table.add_row(d["id"], d["lang"] or "?", f"{pub['date']} ({pub['source']})" if pub else "—",
                      escape((d["title"] or "")[:70]), escape(d["source"][-50:]))
    out.print(table)
    return 0


@app.command("stats")
def stats_cli(db: DbOpt = None, as_json: JsonFlag = False) -> int:
    """Counts by language, month, date precision; duplicates; documents with vectors; rejections; schema version.

    Example: newsgraph stats --json
    """
    with open_db(db) as ng:
        s = ng.stats()
    if as_json:
        print_json(s)
        return 0
    out.print(f"[bold]{s['documents']}[/] documents in {escape(s['path'])} (schema v{s['schema_version']})")
    out.print(f"by language: {s['by_lang']}", highlight=False)
    out.print(f"by month: {s['by_month']}", highlight=False)
    out.print(f"date precision: {s['by_date_precision']} · duplicates: {s['duplicates']} · "
              f"rejected inputs (all runs): {s['rejections']} · runs: {s['runs']}", highlight=False)
    vectors = ", ".join(f"{n} ({m})" for m, n in s["with_vectors"].items()) or "none (run `newsgraph embed`)"
    out.print(f"documents with vectors: {vectors}", highlight=False)
    return 0
