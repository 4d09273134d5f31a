"""Write docs/cli-reference.md from the commands' own --help (tests/test_docs.py checks it is current).

    .venv/bin/python scripts/gen_cli_docs.py
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from typer._click import Context  # typer 0.29 vendors click

ROOT = Path(__file__).resolve().parents[1]


def render() -> str:
    from newsgraph.cli import app

    cmd = typer.main.get_command(app)
    ctx = Context(cmd, info_name="newsgraph", terminal_width=100, max_content_width=100)
    parts = ["# newsgraph command reference", "", "Generated from `--help` by `scripts/gen_cli_docs.py`; do not edit by hand.",
             "", "```", cmd.get_help(ctx), "```"]
    for path, sub, sub_ctx in walk(cmd, ctx):
        parts += ["", f"{'#' * min(len(path) + 1, 4)} newsgraph {' '.join(path)}", "", "```", sub.get_help(sub_ctx), "```"]
    return "\n".join(parts) + "\n"


def walk(group: Any, ctx: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any, Any]]:
    """Every command under `group`, depth first, with its path of names and its help context."""
    for name in sorted(group.list_commands(ctx)):
        sub = group.get_command(ctx, name)
        sub_ctx = Context(sub, info_name=name, parent=ctx, terminal_width=100, max_content_width=100)
        yield (*path, name), sub, sub_ctx
        if hasattr(sub, "list_commands"):
            yield from walk(sub, sub_ctx, (*path, name))


if __name__ == "__main__":
    target = ROOT / "docs" / "cli-reference.md"
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
