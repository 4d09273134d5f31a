"""`newsgraph entity` and `newsgraph who`: entities with names by script, posts over time, sources;
and analysts' corrections (`entity merge|split|rename|alias|reassign|undo|log`).

`entity` is a group whose first argument falls back to `show` when it is not a subcommand name,
so `newsgraph entity luong-cuong` keeps working next to `newsgraph entity merge A B`. An entity
whose id is also a subcommand name is shown with `newsgraph entity show ID`.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape

from .. import corrections
from ..corrections.view import corrected_record
from ..entities import who
from ..errors import UsageError
from ._app import (
    AuthorOpt,
    DbOpt,
    JsonFlag,
    NoteOpt,
    ShowByDefault,
    app,
    open_db,
    out,
    print_corrections,
    print_json,
)

entity_app = typer.Typer(
    cls=ShowByDefault, no_args_is_help=True, rich_markup_mode=None,
    help="""Show an entity (`newsgraph entity ID`) or correct one: merge, split, rename, alias add/remove,
reassign a mention, undo, log. Corrections go to an append-only log with time and author and are
re-applied after every re-link, re-ingest and reprocess.

Example: newsgraph entity merge per:tran-van-minh per:tran-van-minh-2 --author ana""",
)
alias_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                        help="Add or remove a name of an entity.\n\nExample: newsgraph entity alias add luong-cuong 'Lương Cường'")
entity_app.add_typer(alias_app, name="alias")
app.add_typer(entity_app, name="entity")

EntityArg = Annotated[str, typer.Argument(help="entity id (a pack id such as luong-cuong, or a linked id such as per:...)")]


@entity_app.command("show")
def show_cli(entity_id: EntityArg, db: DbOpt = None, as_json: JsonFlag = False) -> int:
    """Show an entity: names by language and script, posts over time (pack and text evidence),
    documents, co-mentioned entities. A merged-away id shows the entity it was merged into.

    Example: newsgraph entity luong-cuong --json
    """
    with open_db(db) as ng:
        rec = corrected_record(ng.store, entity_id)
    if as_json:
        print_json(rec)
        return 0
    moved = rec.get("redirected_from")
    if moved:
        out.print(f"{escape(moved['id'])} was merged into {escape(rec['id'])} (correction #{moved['correction']})",
                  highlight=False)
    _print_entity(rec)
    return 0


def _print_entity(rec: dict[str, Any]) -> None:
    out.print(f"[bold]{escape(rec['name'])}[/] ({rec['type']}, {rec['id']})", highlight=False)
    for a in rec["aliases"]:
        out.print(f"  {a['lang']:>3} {a['script']}  {escape(a['name'])}" + (f"  [dim]seen {a['seen']}×[/]" if a["seen"] else ""),
                  highlight=False)
    if rec.get("blocked_names"):
        out.print(f"  not this entity (corrections): {escape(', '.join(rec['blocked_names']))}", highlight=False)
    for r in rec["roles"]:
        out.print(f"  post: {escape(r['title'])} {r['start']} → {r['end'] or 'now'}  [dim]{escape(r['source'])}[/]",
                  highlight=False)
    for r in rec["roles_from_text"]:
        out.print(f"  post (from text): {escape(str(r['title']))} seen {r['first_seen']} → {r['last_seen']} "
                  f"in {len(r['evidence'])} mentions", highlight=False)
    out.print(f"  documents: {len(rec['documents'])} {rec['mentions_by_lang']}", highlight=False)
    for c in rec["co_mentioned"][:10]:
        out.print(f"  with {c['id']} in {c['documents']} documents", highlight=False)


def _done(applied: corrections.Applied, as_json: bool) -> int:
    if as_json:
        print_json(applied.to_dict())
        return 0
    c, r = applied.correction, applied.replay
    out.print(f"correction #{c.id} ({c.op} by {escape(c.author)} at {c.at}): {r.mentions_changed} mentions changed",
              highlight=False)
    for cid, why in r.skipped:
        out.print(f"  [yellow]correction #{cid} changed nothing[/]: {escape(why)}", highlight=False)
    return 0


@entity_app.command("merge")
def merge_cli(into: EntityArg, other: Annotated[str, typer.Argument(help="entity merged away (redirects to the first)")],
              db: DbOpt = None, author: AuthorOpt = None, note: NoteOpt = None, as_json: JsonFlag = False) -> int:
    """Merge entity B into A: B's mentions and names go to A, and B redirects to A from now on.

    Example: newsgraph entity merge per:tran-van-minh per:tran-van-minh-2
    """
    with open_db(db) as ng:
        return _done(corrections.merge(ng.store.con, into, other, author, note), as_json)


@entity_app.command("split")
def split_cli(
    entity_id: EntityArg,
    name: Annotated[list[str] | None, typer.Option("--name", help="mentions written with this name move (repeatable)")] = None,
    doc: Annotated[list[str] | None, typer.Option("--doc", help="mentions in this document move (repeatable)")] = None,
    new_id: Annotated[str | None, typer.Option("--new-id", help="id of the new entity (default: type:slug-of-name)")] = None,
    db: DbOpt = None, author: AuthorOpt = None, note: NoteOpt = None, as_json: JsonFlag = False,
) -> int:
    """Split an entity: its mentions with these names and/or in these documents go to a new entity
    (with both, a mention must match both); the names then link to the new entity.

    Example: newsgraph entity split per:tran-van-minh --name "Trần Văn Minh" --doc 3f9c2a1b
    """
    with open_db(db) as ng:
        return _done(corrections.split(ng.store.con, entity_id, name or [], doc or [], new_id, author, note), as_json)


@entity_app.command("rename")
def rename_cli(entity_id: EntityArg, name: Annotated[str, typer.Argument(help="the new canonical name")],
               db: DbOpt = None, author: AuthorOpt = None, note: NoteOpt = None, as_json: JsonFlag = False) -> int:
    """Give an entity a new canonical name.

    Example: newsgraph entity rename per:tran-van-minh "Trần Văn Minh"
    """
    with open_db(db) as ng:
        return _done(corrections.rename(ng.store.con, entity_id, name, author, note), as_json)


@alias_app.command("add")
def alias_add_cli(
    entity_id: EntityArg, name: Annotated[str, typer.Argument(help="a name of this entity")],
    lang: Annotated[str | None, typer.Option("--lang", help="language of the name (ISO 639-1)")] = None,
    db: DbOpt = None, author: AuthorOpt = None, note: NoteOpt = None, as_json: JsonFlag = False,
) -> int:
    """Add a name: future mentions with it link to the entity; existing ones that are unlinked or on a
    learned entity move to it.

    Example: newsgraph entity alias add luong-cuong "Lương Cường" --lang vi
    """
    with open_db(db) as ng:
        return _done(corrections.alias_add(ng.store.con, entity_id, name, lang, author, note), as_json)


@alias_app.command("remove")
def alias_remove_cli(entity_id: EntityArg, name: Annotated[str, typer.Argument(help="a name that is not this entity's")],
                     db: DbOpt = None, author: AuthorOpt = None, note: NoteOpt = None, as_json: JsonFlag = False) -> int:
    """Remove a name: its mentions leave the entity and the linker never puts it back.

    Example: newsgraph entity alias remove phan-van-giang Giang
    """
    with open_db(db) as ng:
        return _done(corrections.alias_remove(ng.store.con, entity_id, name, author, note), as_json)


@entity_app.command("reassign")
def reassign_cli(
    doc_id: Annotated[str, typer.Argument(help="document id (or a unique prefix)")],
    start: Annotated[int, typer.Argument(help="mention start offset")],
    end: Annotated[int, typer.Argument(help="mention end offset")],
    entity_id: Annotated[str | None, typer.Argument(help="the entity it refers to")] = None,
    none: Annotated[bool, typer.Option("--none", help="the mention refers to no known entity")] = False,
    db: DbOpt = None, author: AuthorOpt = None, note: NoteOpt = None, as_json: JsonFlag = False,
) -> int:
    """Link one mention (document, start, end offsets, as `newsgraph show ID --json` lists them) to an
    entity, or to none.

    Example: newsgraph entity reassign 3f9c2a1b 41 49 luong-cuong
    """
    if (entity_id is None) == (not none):
        raise UsageError("give an entity id or --none (one of them)")
    with open_db(db) as ng:
        return _done(corrections.reassign(ng.store.con, doc_id, start, end, entity_id, author, note), as_json)


@entity_app.command("undo")
def undo_cli(correction_id: Annotated[int | None, typer.Argument(help="correction id (default: the last in force)")] = None,
             db: DbOpt = None, author: AuthorOpt = None, note: NoteOpt = None, as_json: JsonFlag = False) -> int:
    """Undo a correction by appending an entry that takes it out of force (nothing is deleted);
    undoing an undo entry puts its target back.

    Example: newsgraph entity undo 12
    """
    with open_db(db) as ng:
        return _done(corrections.undo(ng.store.con, correction_id, author, note), as_json)


@entity_app.command("log")
def log_cli(db: DbOpt = None, as_json: JsonFlag = False) -> int:
    """The corrections log, oldest first, with whether each entry is in force.

    Example: newsgraph entity log --json
    """
    with open_db(db) as ng:
        log = corrections.entries(ng.store.con)
    active = corrections.in_force(log)
    rows = [{**c.to_dict(), "in_force": active[c.id]} for c in log]
    if as_json:
        print_json({"corrections": rows})
        return 0
    print_corrections(rows)
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
