"""`newsgraph entity` and `newsgraph who`: entities with names by script, posts over time, sources."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from ..entities import entity_record, who
from ._app import DbOpt, JsonFlag, app, open_db, out, print_json


@app.command("entity")
def entity_cli(
    entity_id: Annotated[str, typer.Argument(help="entity id (a pack id such as a person's slug)")],
    db: DbOpt = None,
    as_json: JsonFlag = False,
) -> int:
    """Show an entity: names by language and script, posts over time (pack and text evidence),
    documents, co-mentioned entities.

    Example: newsgraph entity luong-cuong --json
    """
    with open_db(db) as ng:
        rec = entity_record(ng.store, entity_id)
    if as_json:
        print_json(rec)
        return 0
    out.print(f"[bold]{escape(rec['name'])}[/] ({rec['type']}, {rec['id']})", highlight=False)
    for a in rec["aliases"]:
        out.print(f"  {a['lang']:>3} {a['script']}  {escape(a['name'])}" + (f"  [dim]seen {a['seen']}×[/]" if a["seen"] else ""),
                  highlight=False)
    for r in rec["roles"]:
        out.print(f"  post: {escape(r['title'])} {r['start']} → {r['end'] or 'now'}  [dim]{escape(r['source'])}[/]",
                  highlight=False)
    for r in rec["roles_from_text"]:
        out.print(f"  post (from text): {escape(str(r['title']))} seen {r['first_seen']} → {r['last_seen']} "
                  f"in {len(r['evidence'])} mentions", highlight=False)
    out.print(f"  documents: {len(rec['documents'])} {rec['mentions_by_lang']}", highlight=False)
    for c in rec["co_mentioned"][:10]:
        out.print(f"  with {c['id']} in {c['documents']} documents", highlight=False)
    return 0


@app.command("who")
def who_cli(
    post: Annotated[str, typer.Argument(help="a post in any language, e.g. 'Minister of National Defence'")],
    on: Annotated[str, typer.Option("--on", help="date (YYYY, YYYY-MM or YYYY-MM-DD)")],
    db: DbOpt = None,
    as_json: JsonFlag = False,
) -> int:
    """Who held a post on a date, from the domain packs (with sources) and the documents that mention them.

    Example: newsgraph who "Minister of National Defence" --on 2024-06-01
    """
    from ..store.records import period

    period(on)  # validates the date
    with open_db(db) as ng:
        people = who(ng.store, post, on)
    if as_json:
        print_json({"post": post, "on": on, "holders": people})
        return 0
    if not people:
        out.print(f"nobody known to hold {escape(post)!r} on {on}", highlight=False)
    for p in people:
        out.print(f"{escape(p['name'])} ({p['id']}): {escape(p['post'])} {p['start']} → {p['end'] or 'now'} "
                  f"[dim]source {escape(p['source'])}; {len(p['documents'])} documents[/]", highlight=False)
    return 0
