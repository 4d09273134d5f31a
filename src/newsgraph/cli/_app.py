"""The Typer app, shared options and the one error shape of every command.

Commands are thin: parse flags → one library call (`newsgraph.api.Newsgraph`) → print.
Errors: `Error: [NGxxx] message (hint)` on stderr; exit 1 for rejected input or a missing
record, 2 for usage errors; no traceback unless NEWSGRAPH_DEBUG=1.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from typer.core import TyperGroup

from ..api import Newsgraph
from ..config import Settings, load_settings
from ..store import Filters

app = typer.Typer(
    name="newsgraph",
    help="Offline multilingual news intelligence: ingest, clean, date, search — with provenance.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

# emoji=False: user data such as "pack:vietnam:source" must never turn into emoji codes
out = Console(soft_wrap=True, emoji=False)
err = Console(stderr=True, soft_wrap=True, emoji=False)

DbOpt = Annotated[str | None, typer.Option("--db", help="SQLite file (default ./newsgraph.db or $NEWSGRAPH_DB)")]
ConfigOpt = Annotated[str | None, typer.Option("--config", help="settings file (default ./newsgraph.toml)")]
JsonFlag = Annotated[bool, typer.Option("--json", help="print JSON (the stable shapes of DESIGN.md)")]
LangOpt = Annotated[list[str] | None, typer.Option("--lang", help="only these languages (ISO 639-1); repeatable")]
SinceOpt = Annotated[str | None, typer.Option("--since", help="published on or after (YYYY, YYYY-MM or YYYY-MM-DD)")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="published on or before (YYYY, YYYY-MM or YYYY-MM-DD)")]
AuthorOpt = Annotated[str | None, typer.Option("--author", help="who makes the correction (default: the OS user)")]
NoteOpt = Annotated[str | None, typer.Option("--note", help="why (kept in the log)")]


def print_corrections(rows: list[dict[str, Any]], keys: tuple[str, ...] | None = None) -> None:
    """One line per corrections-log entry (`in_force` added): id, time, author, op, its arguments
    (only `keys` when given; empty ones left out), "(undone)", the note."""
    for r in rows:
        args = " ".join(f"{k}={v}" for k, v in r["args"].items()
                        if v not in (None, [], "") and (keys is None or k in keys))
        flag = "" if r["in_force"] else "  [dim](undone)[/]"
        out.print(f"#{r['id']} {r['at']} {escape(r['author'])} {r['op']} {escape(args)}{flag}"
                  + (f"  [dim]{escape(r['note'])}[/]" if r["note"] else ""), highlight=False)


class ShowByDefault(TyperGroup):
    """A group that treats an unknown first argument as the id to `show` (`newsgraph entity ID` next
    to `newsgraph entity merge A B`)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["show", *args]
        return super().parse_args(ctx, args)


def settings_from(config: str | None = None, db: str | None = None, **overrides: Any) -> Settings:
    s = load_settings(config_file=config)
    changes = {k: v for k, v in overrides.items() if v is not None}
    if db:
        changes["db"] = db
    return s.with_overrides(**changes) if changes else s


def open_db(db: str | None, config: str | None = None, **overrides: Any) -> Newsgraph:
    settings = settings_from(config, db, **overrides)
    return Newsgraph.open(settings.db, settings)


def make_filters(lang: list[str] | None, since: str | None, until: str | None, source: str | None = None,
                 entity: str | None = None, story: str | None = None, entity_type: list[str] | None = None) -> Filters:
    from ..store.records import period

    for d in (since, until):
        if d:
            period(d)  # validates, raising a usage error with the accepted forms
    langs = tuple(x.strip().lower() for item in (lang or []) for x in item.split(",") if x.strip())
    types = tuple(x.strip().upper() for item in (entity_type or []) for x in item.split(",") if x.strip())
    return Filters(lang=langs, since=since, until=until, source=source, entity=entity, story=story, entity_type=types)


def progress_bar(job: str) -> Progress:
    """The progress display every long job shows on stderr: spinner, bar, done/total, what is
    happening, time elapsed and time left (the last two stay blank while the total is unknown)."""
    cols = (SpinnerColumn(), TextColumn(f"[bold]{job}"), BarColumn(bar_width=None), MofNCompleteColumn(),
            TextColumn("{task.description}"), TimeElapsedColumn(), TimeRemainingColumn())
    return Progress(*cols, console=err, transient=True)


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=None) + "\n")
    sys.stdout.flush()
