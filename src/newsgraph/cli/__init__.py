"""`newsgraph` command line: one module per command, each a thin wrapper over the library."""

from __future__ import annotations

import os
import sys
import traceback

import typer
from typer._click.exceptions import ClickException, UsageError  # typer 0.29 vendors click

from ..errors import NewsgraphError
from . import (  # noqa: F401  (register commands)
    demo,
    embed_cmd,
    entity_cmd,
    eval_cmd,
    export_cmd,
    ingest_cmd,
    inspect_cmd,
    reprocess_cmd,
    search_cmd,
    serve_cmd,
    stories_cmd,
)
from ._app import app, err


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit status (tests call this; `main` exits with it)."""
    try:
        rv = app(args=argv, standalone_mode=False, prog_name="newsgraph")
        return rv if isinstance(rv, int) else 0
    except NewsgraphError as e:
        err.print(f"Error: {e}", markup=False, highlight=False)
        return e.exit_status
    except typer.Exit as e:
        return e.exit_code
    except UsageError as e:
        e.show()
        return 2
    except ClickException as e:
        e.show()
        return e.exit_code
    except typer.Abort:
        err.print("Aborted.")
        return 130
    except KeyboardInterrupt:
        err.print("Interrupted: stored batches are kept; run the same command again to resume.")
        return 130
    except Exception as e:  # a bug, not bad input: short message, traceback on request
        if os.environ.get("NEWSGRAPH_DEBUG"):
            traceback.print_exc()
        err.print(f"Error: internal error {type(e).__name__}: {e} (set NEWSGRAPH_DEBUG=1 for details)", markup=False)
        return 3


def main() -> None:
    sys.exit(run())
