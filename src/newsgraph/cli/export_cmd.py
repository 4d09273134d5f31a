"""`newsgraph export`: stored records in the contract shapes, as JSONL, CSV or Parquet."""

from __future__ import annotations

from typing import Annotated

import typer

from ..export import FORMATS, WHAT
from ._app import DbOpt, LangOpt, SinceOpt, UntilOpt, app, err, make_filters, open_db


@app.command("export")
def export_cli(
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"one of {', '.join(FORMATS)}")] = "jsonl",
    what: Annotated[str, typer.Option("--what", help=f"one of {', '.join(WHAT)}")] = "documents",
    out_path: Annotated[str, typer.Option("--out", "-o", help="output file; '-' = stdout")] = "-",
    lang: LangOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    db: DbOpt = None,
) -> int:
    """Export documents (the shape of DESIGN.md) for other tools.

    Example: newsgraph export --format parquet --out docs.parquet --lang fr
    """
    filters = make_filters(lang, since, until)
    with open_db(db) as ng:
        n = ng.export(fmt, out_path, what, filters)
    if out_path != "-":
        err.print(f"exported {n} {what} to {out_path}")
    return 0
