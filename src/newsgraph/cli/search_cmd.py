"""`newsgraph search`: keyword, semantic or hybrid search with filters, highlighted snippets, --json hits."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.text import Text

from ._app import DbOpt, JsonFlag, LangOpt, SinceOpt, UntilOpt, app, make_filters, open_db, out, print_json


@app.command("search")
def search_cli(
    query: Annotated[str, typer.Argument(help='words, "a phrase", prefix*, -excluded, a OR b')],
    mode: Annotated[str | None, typer.Option("--mode", help="keyword, semantic or hybrid (default: hybrid once `newsgraph embed` has run, else keyword)")] = None,
    lang: LangOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    entity: Annotated[str | None, typer.Option("--entity", help="only documents mentioning this entity id (see `newsgraph entity`)")] = None,
    story: Annotated[str | None, typer.Option("--story", help="only the documents of this story (see `newsgraph stories`)")] = None,
    entity_type: Annotated[list[str] | None, typer.Option("--entity-type", help="only documents with a mention of this type (PER, ORG, LOC, MISC, DOCREF, TITLE…); repeat for any of several")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="hits per page")] = 20,
    cursor: Annotated[str | None, typer.Option("--cursor", help="next_cursor of a previous page")] = None,
    db: DbOpt = None,
    as_json: JsonFlag = False,
) -> int:
    """Search stored documents, best first, with the matching words highlighted.

    Diacritics and case are folded (luong cuong = Lương Cường, Dien Bien Phu = Điện Biên Phủ);
    Arabic spelling variants are normalised. Semantic and hybrid search (after `newsgraph embed`)
    are cross-lingual: an English query finds French and Arabic articles. --json hits carry an
    `explain` object (BM25, cosine, ranks and the fused score).

    Example: newsgraph search '"luong cuong" defence -typhoon' --lang en --since 2024-12
    """
    filters = make_filters(lang, since, until, entity=entity, story=story, entity_type=entity_type)
    with open_db(db) as ng:
        result = ng.search(query, mode=mode, filters=filters, limit=limit, cursor=cursor)
    if as_json:
        print_json(result)
        return 0
    out.print(f"[bold]{result['total']}[/] documents match {escape(query)!r} ({result['mode']})", highlight=False)
    for i, h in enumerate(result["hits"], 1):
        pub = h["published"]["date"] if h["published"] else "undated"
        out.print(f"\n[bold]{i}. {escape(h['title'] or '(no title)')}[/]  [dim]{h['id']} · {h['lang'] or '?'} · {pub} · "
                  f"score {h['score']:.2f}[/]", highlight=False)
        out.print(f"   [dim]{escape(h['source'])}{escape(_why(h['explain']))}[/]", highlight=False)
        snippet = Text("   " + h["snippet"])
        for s, e in h["highlights"]:
            snippet.stylize("bold yellow", s + 3, e + 3)
        out.print(snippet)
    if result["next_cursor"]:
        out.print(f"\n[dim]more: --cursor {result['next_cursor']}[/]")
    return 0


def _why(explain: dict) -> str:
    """Where a hybrid hit's rank came from, in a few characters: " · keyword #3 · semantic #1 (0.87)"."""
    parts = []
    if "keyword" in explain:
        parts.append(f"keyword #{explain['keyword']['rank']}")
    if "semantic" in explain:
        parts.append(f"semantic #{explain['semantic']['rank']} ({explain['semantic']['similarity']:.2f})")
    return "".join(f" · {p}" for p in parts)
