"""`newsgraph reprocess`: run the pipeline again over every stored document (after a pack or model
update), re-link, and re-apply the corrections log."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from ..reprocess import ReprocessReport, reprocess
from ._app import ConfigOpt, DbOpt, JsonFlag, app, err, open_db, out, print_json, progress_bar


@app.command("reprocess")
def reprocess_cli(
    db: DbOpt = None,
    config: ConfigOpt = None,
    as_json: JsonFlag = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
) -> int:
    """Re-run the pipeline on every stored document from its raw input (ids stay the same), replace
    derived fields and mentions, re-link all entities and re-apply every correction.

    Use it after a domain pack was updated or a model added. Exit status 1 when some documents could
    not be re-processed (each is listed; their stored version is kept).

    Example: newsgraph reprocess --db newsgraph.db
    """
    with open_db(db, config) as ng:
        if quiet or as_json or not err.is_terminal:
            report = reprocess(ng.store, ng.settings)
        else:
            report = _with_progress(ng)
    if as_json:
        print_json(report.to_dict())
    else:
        _print_report(report)
    return report.exit_status


def _with_progress(ng) -> ReprocessReport:
    with progress_bar("reprocess") as progress:
        task = progress.add_task("starting", total=None)

        def update(r: ReprocessReport) -> None:
            progress.update(task, total=r.documents, completed=r.done,
                            description=f"{len(r.failed)} failed · {r.docs_per_s:.0f} docs/s")

        return reprocess(ng.store, ng.settings, on_progress=update)


def _print_report(r: ReprocessReport) -> None:
    d = r.to_dict()
    out.print(f"[bold]{d['reprocessed']}[/] of {d['documents']} documents re-processed in {d['seconds']:.1f} s "
              f"({d['docs_per_s']:.0f}/s); mentions {d['mentions_before']} → {d['mentions_after']}; "
              f"{'re-linked' if r.relinked else 'no linker installed'}", highlight=False)
    if r.replay:
        out.print(f"  corrections re-applied: {r.replay.applied} ({r.replay.mentions_changed} mentions changed)",
                  highlight=False)
        for cid, why in r.replay.skipped:
            out.print(f"  [yellow]correction #{cid} changed nothing[/]: {escape(why)}", highlight=False)
    for doc_id in r.without_raw:
        out.print(f"  [yellow]kept as stored[/] {doc_id}: no raw input kept (store.keep_raw was off)", highlight=False)
    for doc_id, rej in r.failed:
        out.print(f"  [red]kept as stored[/] {doc_id}: {escape(f'[{rej.code}] {rej.message}')} (at {rej.stage})",
                  highlight=False)
