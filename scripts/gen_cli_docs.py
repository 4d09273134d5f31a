"""Write docs/cli-reference.md from the commands' own --help (tests/test_docs.py checks it is current).

    .venv/bin/python scripts/gen_cli_docs.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from typer._click import Context  # typer 0.29 vendors click

ROOT = Path(__file__).resolve().parents[1]


def render() -> str:
    from newsgraph.cli import app

    cmd = typer.main.get_command(app)
    ctx = Context(cmd, info_name="newsgraph", terminal_width=100, max_content_width=100)
    parts = ["# newsgraph command reference", "", "Generated from `--help` by `scripts/gen_cli_docs.py`; do not edit by hand.",
             "", "```", cmd.get_help(ctx), "```"]
    for name in sorted(cmd.list_commands(ctx)):
        sub = cmd.get_command(ctx, name)
        sub_ctx = Context(sub, info_name=name, parent=ctx, terminal_width=100, max_content_width=100)
        parts += ["", f"## newsgraph {name}", "", "```", sub.get_help(sub_ctx), "```"]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    target = ROOT / "docs" / "cli-reference.md"
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
