"""`newsgraph stories` and `newsgraph story ID`: documents about one event, across languages."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from ._app import DbOpt, JsonFlag, app, open_db, out, print_json


@app.command("stories")
def stories_cli(
    min_size: Annotated[int, typer.Option("--min-size", help="only stories with at least N documents")] = 2,
    limit: Annotated[int, typer.Option("--limit", "-n", help="stories per page")] = 20,
    offset: Annotated[int, typer.Option("--offset", help="skip the first N")] = 0,
    db: DbOpt = None,
    as_json: JsonFlag = False,
) -> int:
    """List stories (latest first): documents about one event in any language, grouped by
    `newsgraph embed` as they arrive.

    Example: newsgraph stories --min-size 3
    """
    with open_db(db) as ng:
        rows = ng.stories(min_size, limit, offset)
    if as_json:
        print_json(rows)
        return 0
    if not rows:
        out.print(f"no stories of {min_size}+ documents (run `newsgraph embed` to build them)")
    for s in rows:
        langs = " ".join(f"{lang}:{n}" for lang, n in s["languages"].items())
        out.print(f"[bold]{escape(s['id'])}[/]  {s['size']} documents · {escape(langs)} · "
                  f"{s['first_seen']} → {s['last_seen']}\n   {escape(s['title'] or '(no title)')}", highlight=False)
    return 0


@app.command("story")
def story_cli(
    story_id: Annotated[str, typer.Argument(help="story id (from `newsgraph stories`)")],
    db: DbOpt = None,
    as_json: JsonFlag = False,
) -> int:
    """One story: its documents by language, first and last seen, a short extractive summary whose
    sentences point to their document and characters, the entities it mentions most.

    Example: newsgraph story st-c53379e467bf2e91
    """
    with open_db(db) as ng:
        s = ng.story(story_id)
    if as_json:
        print_json(s)
        return 0
    out.print(f"[bold]{escape(s['title'] or s['id'])}[/]  {escape(s['id'])} · {s['size']} documents · "
              f"{s['first_seen']} → {s['last_seen']}", highlight=False)
    for lang, docs in s["by_language"].items():
        out.print(f"\n[bold]{escape(lang)}[/] ({len(docs)})", highlight=False)
        for d in docs:
            out.print(f"  {d['published'] or 'undated'}  {escape(d['title'] or '(no title)')}  [dim]{d['id']}[/]",
                      highlight=False)
    if s["summary"]:
        out.print("\n[bold]summary[/]", highlight=False)
        for sent in s["summary"]:
            out.print(f"  {escape(sent['text'])}  [dim]{escape('[' + (sent['lang'] or '?') + ']')} "
                      f"{sent['document']}:{sent['start']}-{sent['end']}[/]", highlight=False)
    if s["entities"]:
        out.print("\n[bold]entities[/]: " + ", ".join(f"{escape(e['name'])} ({e['documents']})" for e in s["entities"]),
                  highlight=False)
    return 0
