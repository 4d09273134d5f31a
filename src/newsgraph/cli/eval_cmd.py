"""`newsgraph eval TASK --data FILE`: score the system on a labelled file; last stdout line is JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from ..registry import eval_tasks
from ._app import ConfigOpt, app, err, print_json, settings_from


def task_names() -> list[str]:
    return sorted({n.rsplit(".v", 1)[0] for n in eval_tasks.names()})


@app.command("eval")
def eval_cli(
    task: Annotated[str, typer.Argument(help="langid, dates, extraction, ner, linking, retrieval or clustering")],
    data: Annotated[str, typer.Option("--data", help="labelled file (JSONL/TSV/CoNLL, .gz read directly)")],
    limit: Annotated[int | None, typer.Option("--limit", help="score only the first N records")] = None,
    baseline: Annotated[bool, typer.Option("--baseline", help="score the plain library we build on, for comparison")] = False,
    lang: Annotated[str | None, typer.Option("--lang", help="ner: language of a CoNLL file (default: from <set>-<lang>-<split>.conll.gz)")] = None,
    split: Annotated[str | None, typer.Option("--split", help="linking: score only the dev or the test documents")] = None,
    config: ConfigOpt = None,
) -> int:
    """Score newsgraph on a labelled file, as in DESIGN.md's evaluation contract.

    Example: newsgraph eval langid --data ../shared/bench/langid/dev.jsonl.gz
    """
    if task not in task_names():
        raise UsageError(f"unknown eval task {task!r}; available: {', '.join(task_names())}")
    if not Path(data).is_file():
        raise UsageError(f"data file not found: {data}")
    run = eval_tasks.get(task)
    err.print(f"scoring {task} on {data}" + (f" (first {limit})" if limit else "") + (" — baseline" if baseline else ""))
    kwargs = {"limit": limit}
    if baseline:
        kwargs["baseline"] = True
    if lang:
        if task != "ner":
            raise UsageError("--lang applies to eval ner only")
        kwargs["lang"] = lang
    if split:
        if task != "linking":
            raise UsageError("--split applies to eval linking only")
        if split not in ("dev", "test"):
            raise UsageError(f"--split must be dev or test, not {split!r}")
        kwargs["split"] = split
    result = run(Path(data), settings_from(config), **kwargs)
    print_json({"task": task, **result})
    return 0
