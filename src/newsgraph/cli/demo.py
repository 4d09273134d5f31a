"""`newsgraph demo`: the main job on the bundled sample corpus, with a readable summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ..analyse.terms import top_terms
from ..api import Newsgraph
from ..config import load_settings
from ..fixtures import sample_config, sample_corpus
from ._app import app, out
from .ingest_cmd import print_report

DEMO_DB = "newsgraph-demo.db"


@app.command("demo")
def demo_cli(
    db: Annotated[str, typer.Option("--db", help="demo database, replaced on every run")] = DEMO_DB,
) -> int:
    """Ingest the bundled multilingual sample corpus into a fresh database and summarise it.

    Shows documents by language and month, top entities and terms, every rejected input (the
    corpus contains bad files on purpose), then embeds the documents and runs one cross-lingual
    semantic search. Exit status 0 when the summary was produced.

    Example: newsgraph demo
    """
    for suffix in ("", "-wal", "-shm"):
        Path(db + suffix).unlink(missing_ok=True)
    settings = load_settings(config_file=sample_config()).with_overrides(db=db)
    corpus = sample_corpus()
    out.print(f"[bold]newsgraph demo[/]: ingesting {escape(str(corpus))} into {escape(db)}")
    with Newsgraph.open(db, settings) as ng:
        report = ng.ingest([str(corpus)])
        print_report(report)
        summarise(ng)
        _semantic_example(ng)
    out.print(f"\nTry: newsgraph search \"luong cuong\" --db {db}   ·   newsgraph docs --db {db}")
    out.print(f"Explore it in a browser: newsgraph serve --db {db}   (then open http://127.0.0.1:8000/)")
    return 0


EXAMPLE_QUERY = "field hospital leaving for the UN mission in South Sudan"


def _semantic_example(ng: Newsgraph) -> None:
    """Embed the corpus and show that an English query finds the articles in other languages."""
    counts = ng.embed()
    out.print(f"\n[bold]embedded[/] {counts['documents']} documents ({ng.settings.embed.model}); "
              f"semantic search for {EXAMPLE_QUERY!r}:", highlight=False)
    for h in ng.search(EXAMPLE_QUERY, mode="semantic", limit=5)["hits"]:
        out.print(f"  {h['score']:.3f}  {escape('[' + (h['lang'] or '?') + ']')} {escape(h['title'] or '(no title)')}", highlight=False)


def _top_entities(ng: Newsgraph, k: int = 10) -> None:
    """The entities most documents mention, with the names they were written under in several scripts."""
    from ..entities import entity_record

    rows = ng.store.con.execute(
        """SELECT entity_id, count(DISTINCT doc_rowid) AS n FROM mentions WHERE entity_id IS NOT NULL
           GROUP BY entity_id ORDER BY n DESC, entity_id LIMIT ?""", (k,)).fetchall()
    if not rows:
        return
    out.print("\n[bold]top entities[/] (documents mentioning them · names as written)")
    for entity_id, n in rows:
        rec = entity_record(ng.store, entity_id)
        written = sorted({a["name"] for a in rec["aliases"] if a["seen"]}, key=len, reverse=True)[:4]
        out.print(f"  {escape(rec['name'])} ({rec['type']}, {n}): {escape(' · '.join(written))}", highlight=False)


def summarise(ng: Newsgraph) -> None:
    s = ng.stats()
    langs = list(s["by_lang"])
    counts = {(lang, m): n for lang, m, n in s["by_lang_month"]}
    table = Table("month", *langs, "total", title=f"{s['documents']} documents by month and language",
                  title_justify="left")
    for month, total in s["by_month"].items():
        table.add_row(month, *[str(counts.get((lang, month), "")) for lang in langs], str(total))
    table.add_row("total", *[str(s["by_lang"][lang]) for lang in langs], str(s["documents"]), style="bold")
    out.print(table)
    out.print(f"dates: {s['by_date_precision']} (precision; nothing invented) · "
              f"duplicates: {s['duplicates'] or 'none'}", highlight=False)
    _top_entities(ng)
    out.print("\n[bold]top terms[/] (documents containing them)")
    for lang, terms in top_terms(ng.store.words()).items():
        out.print(f"  {lang}: " + ", ".join(f"{escape(t)} ({n})" for t, n in terms), highlight=False)
