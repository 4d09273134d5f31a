"""Docs kept true: the CLI reference is generated from --help, and every command and setting is documented."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from newsgraph.config import Settings

ROOT = Path(__file__).resolve().parents[1]


def _gen():
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_cli_reference_is_current():
    current = (ROOT / "docs" / "cli-reference.md").read_text(encoding="utf-8")
    assert current == _gen().render(), "run: .venv/bin/python scripts/gen_cli_docs.py"


def test_every_command_has_help_and_an_example():
    import typer
    from typer._click import Context

    from newsgraph.cli import app

    cmd = typer.main.get_command(app)
    for path, sub, _ in _gen().walk(cmd, Context(cmd, info_name="newsgraph")):
        assert sub.help and "Example:" in sub.help, " ".join(path)


def test_every_setting_is_in_default_config():
    text = (ROOT / "src" / "newsgraph" / "default_config.toml").read_text(encoding="utf-8")
    for section in Settings.model_fields:
        sub = getattr(Settings(), section)
        if hasattr(type(sub), "model_fields"):
            assert f"[{section}]" in text
            for name in type(sub).model_fields:
                assert f"\n{name} = " in text or f"# {name} = " in text, f"{section}.{name}"


@pytest.mark.parametrize("cmd", ["ingest", "search", "embed", "show", "docs", "stats", "export", "eval", "demo", "entity", "who",
                                 "reprocess", "entity merge"])
def test_readme_mentions_command(cmd):
    assert f"newsgraph {cmd}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_first_lines_are_the_two_commands():
    lines = [ln for ln in (ROOT / "README.md").read_text(encoding="utf-8").splitlines() if ln.strip()]
    block = "\n".join(lines[:12])
    assert "bash scripts/demo.sh" in block and "bash scripts/test.sh" in block
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text()
