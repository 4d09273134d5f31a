"""`newsgraph ingest`: files, folders, archives, feeds, JSONL/CSV, '-' for stdin."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.markup import escape

from ..ingest import Report
from ..read import parse_field_mapping
from ..read.files import count_items
from ._app import ConfigOpt, DbOpt, JsonFlag, app, err, open_db, out, print_json, progress_bar


@app.command("ingest")
def ingest_cli(
    paths: Annotated[list[str], typer.Argument(help="files, folders, .gz/.zip archives, feeds, JSONL/CSV; '-' = stdin")],
    db: DbOpt = None,
    config: ConfigOpt = None,
    field: Annotated[list[str] | None, typer.Option("--field", help="JSONL/CSV mapping, e.g. text=body,date=pubDate")] = None,
    encoding: Annotated[str | None, typer.Option("--encoding", help="force the input encoding")] = None,
    workers: Annotated[int | None, typer.Option("--workers", help="processes for the stages (0 = all cores)")] = None,
    as_json: JsonFlag = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
) -> int:
    """Ingest articles into the store; prints stored / duplicate / rejected counts with reasons.

    Exit status 0 when everything was stored, 1 when some inputs were rejected (each is listed).

    Example: newsgraph ingest articles/ feed.xml dump.jsonl --field text=body
    """
    overrides: dict = {"ingest.workers": workers, "ingest.encoding": encoding}
    for role, names in parse_field_mapping(",".join(field or [])).items():
        overrides[f"tabular.{role}"] = names
    ng = open_db(db, config, **overrides)
    try:
        stdin = sys.stdin.buffer if "-" in paths else None
        if quiet or as_json or not err.is_terminal:
            report = ng.ingest(paths, stdin=stdin)
        else:
            report = _with_progress(ng, paths, stdin)
    finally:
        ng.close()
    if as_json:
        print_json({**report.to_dict(), "rejections": [r.to_dict() for r in report.rejected],
                    "warnings_detail": [{"source": s, "warning": w} for s, w in report.warnings]})
    else:
        print_report(report)
    return report.exit_status


def _with_progress(ng, paths, stdin) -> Report:
    """A bar with a total and time left when the inputs are files of one article each, else a spinner."""
    total = None if stdin is not None else count_items(paths)
    with progress_bar("ingest") as progress:
        task = progress.add_task("starting", total=total)

        def update(r: Report) -> None:
            known = total if total is not None and r.read <= total else None
            progress.update(task, total=known, completed=r.read,
                            description=f"{r.stored} stored · {len(r.rejected)} rejected · {r.docs_per_s:.0f} docs/s")

        return ng.ingest(paths, on_progress=update, stdin=stdin)


def print_report(report: Report) -> None:
    d = report.to_dict()
    out.print(
        f"[bold]{d['read']}[/] items read in {d['seconds']:.1f} s ({d['docs_per_s']:.0f}/s): "
        f"[green]{d['stored']} stored[/], {d['unchanged']} unchanged (already stored), "
        f"{d['duplicates']} exact duplicates, {d['near_duplicates']} near-duplicates, "
        f"[{'red' if d['rejected'] else 'green'}]{d['rejected']} rejected[/]"
    )
    for new, group, sim in report.near_duplicates:
        out.print(f"  near-duplicate: {new} ≈ {group} (similarity {sim:.2f})", highlight=False)
    for source, same in report.duplicates:
        out.print(f"  exact duplicate: {escape(source)} = stored document {same}", highlight=False)
    for source, warning in report.warnings:
        out.print(f"  [yellow]stored with a warning[/] {escape(source)}: {escape(warning)}", highlight=False)
    for r in report.rejected:
        out.print(f"  [red]rejected[/] {escape(r.source)}: {escape(f'[{r.code}] {r.message}')} (at {r.stage})",
                  highlight=False)
