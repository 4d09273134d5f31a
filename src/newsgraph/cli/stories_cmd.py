"""`newsgraph stories` and `newsgraph story ID`: documents about one event, across languages."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from ..stories import corrections as story_corrections
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


story_app = typer.Typer(
    cls=ShowByDefault, no_args_is_help=True, rich_markup_mode=None,
    help="""Show a story (`newsgraph story ID`) or correct one: move a document, merge, split, undo, log.
Corrections go to the append-only corrections log with time and author and are re-applied after every
`embed`, repair and `embed --restory`.

Example: newsgraph story merge st-3f9c2a1b st-77aa01c2 --author ana""",
)
app.add_typer(story_app, name="story")
StoryArg = Annotated[str, typer.Argument(help="story id (from `newsgraph stories`)")]


@story_app.command("show")
def story_cli(
    story_id: StoryArg,
    db: DbOpt = None,
    as_json: JsonFlag = False,
) -> int:
    """One story: its documents by language (translations and near-duplicates marked), first and last
    seen, a short extractive summary whose sentences point to their document and characters, the
    entities it mentions most. A merged-away id shows the story it was merged into.

    Example: newsgraph story st-c53379e467bf2e91
    """
    with open_db(db) as ng:
        s = ng.story(story_id)
    if as_json:
        print_json(s)
        return 0
    if s["redirected_from"]:
        r = s["redirected_from"]
        out.print(f"{escape(r['id'])} was merged into {escape(s['id'])} ({r['by']} #{r['ref']})", highlight=False)
    out.print(f"[bold]{escape(s['title'] or s['id'])}[/]  {escape(s['id'])} · {s['size']} documents · "
              f"{s['first_seen']} → {s['last_seen']}", highlight=False)
    for lang, docs in s["by_language"].items():
        out.print(f"\n[bold]{escape(lang)}[/] ({len(docs)})", highlight=False)
        for d in docs:
            rel = d["relation"]
            mark = f"  [dim]{rel['kind']} of {rel['of']}[/]" if rel else ""
            out.print(f"  {d['published'] or 'undated'}  {escape(d['title'] or '(no title)')}  [dim]{d['id']}[/]{mark}",
                      highlight=False)
    if len(s["timeline"]) > 1:
        out.print("\n[bold]timeline[/]", highlight=False)
        for t in s["timeline"]:
            out.print(f"  {t['day']}  {'▇' * min(t['documents'], 40)} {t['documents']}  {escape(' '.join(t['languages']))}",
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


def _done(applied: story_corrections.StoryApplied, as_json: bool) -> int:
    if as_json:
        print_json(applied.to_dict())
        return 0
    c, r = applied.correction, applied.replay
    out.print(f"correction #{c.id} ({c.op} by {escape(c.author)} at {c.at}): "
              f"{r.moved} documents now differ from the clusterer's stories", highlight=False)
    for cid, why in r.skipped:
        out.print(f"  [yellow]correction #{cid} changed nothing[/]: {escape(why)}", highlight=False)
    return 0


@story_app.command("move")
def move_cli(doc: Annotated[str, typer.Argument(help="document id (or a unique prefix)")],
             story_id: Annotated[str, typer.Argument(help="the story it belongs to")],
             db: DbOpt = None, author: AuthorOpt = None, note: NoteOpt = None, as_json: JsonFlag = False) -> int:
    """Move one document into another story.

    Example: newsgraph story move 3f9c2a1b st-77aa01c2d4e5f601
    """
    with open_db(db) as ng:
        return _done(story_corrections.move(ng.store.con, doc, story_id, author, note), as_json)


@story_app.command("merge")
def merge_cli(into: StoryArg, other: Annotated[str, typer.Argument(help="story merged away (redirects to the first)")],
              db: DbOpt = None, author: AuthorOpt = None, note: NoteOpt = None, as_json: JsonFlag = False) -> int:
    """Merge story B into A: B's documents join A, and B redirects to A from now on.

    Example: newsgraph story merge st-3f9c2a1b4c5d6e7f st-77aa01c2d4e5f601
    """
    with open_db(db) as ng:
        return _done(story_corrections.merge(ng.store.con, into, other, author, note), as_json)


@story_app.command("split")
def split_cli(story_id: StoryArg,
              doc: Annotated[list[str], typer.Option("--doc", help="a document that leaves (repeatable)")],
              db: DbOpt = None, author: AuthorOpt = None, note: NoteOpt = None, as_json: JsonFlag = False) -> int:
    """Split documents off a story into a new story of their own.

    Example: newsgraph story split st-3f9c2a1b4c5d6e7f --doc 77aa01c2 --doc 9e8d7c6b
    """
    with open_db(db) as ng:
        return _done(story_corrections.split(ng.store.con, story_id, doc, author, note), as_json)


@story_app.command("undo")
def undo_cli(correction_id: Annotated[int | None, typer.Argument(help="correction id (default: the last story correction in force)")] = None,
             db: DbOpt = None, author: AuthorOpt = None, note: NoteOpt = None, as_json: JsonFlag = False) -> int:
    """Undo a story correction by appending an entry that takes it out of force (nothing is deleted).

    Example: newsgraph story undo 12
    """
    with open_db(db) as ng:
        return _done(story_corrections.undo(ng.store.con, correction_id, author, note), as_json)


@story_app.command("log")
def log_cli(db: DbOpt = None, as_json: JsonFlag = False) -> int:
    """Story corrections (with whether each is in force) and the automatic merge/split repairs, oldest first.

    Example: newsgraph story log --json
    """
    with open_db(db) as ng:
        rec = story_corrections.story_log(ng.store.con)
    if as_json:
        print_json(rec)
        return 0
    print_corrections(rec["corrections"], keys=("doc", "story", "into", "other", "docs", "new_id"))
    for r in rec["repairs"]:
        out.print(f"repair {r['id']} {r['at']} {r['action']} {escape(' '.join(r['stories']))} "
                  f"{escape(' '.join(r['docs']))}  [dim]{escape(r['reason'] or '')}[/]", highlight=False)
    if not rec["corrections"] and not rec["repairs"]:
        out.print("no story corrections or repairs yet")
    return 0
