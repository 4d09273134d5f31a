"""`newsgraph embed`: vectors for the stored documents that have none yet (semantic and hybrid search)."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from ._app import ConfigOpt, DbOpt, JsonFlag, app, err, open_db, out, print_json, progress_bar


@app.command("embed")
def embed_cli(
    db: DbOpt = None,
    config: ConfigOpt = None,
    limit: Annotated[int | None, typer.Option("--limit", help="embed at most N documents this time")] = None,
    as_json: JsonFlag = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
    restory: Annotated[bool, typer.Option("--restory", help="forget all stories and assign every document again "
                                          "(analysts' story corrections are re-applied)")] = False,
) -> int:
    """Embed every stored document that has no vector yet, with the configured encoder (offline,
    multilingual: a query in one language finds documents in another).

    Each document's title and lead are embedded (settings [embed]: passage_words, max_passages);
    identical passages are embedded once (content-hash cache in the store). Interrupted, it resumes
    where it stopped. Each newly embedded document then gets a story (`newsgraph stories`).
    Afterwards `newsgraph search` is hybrid by default.

    Example: newsgraph embed --db newsgraph.db
    """
    start = time.perf_counter()
    with open_db(db, config) as ng:
        done_before, total = ng.store.vectors.count(ng.settings.embed.model)
        todo = total - done_before if limit is None else min(limit, total - done_before)
        if quiet or as_json or not err.is_terminal:
            counts = ng.embed(limit=limit, restory=restory)
        else:
            with progress_bar("embed") as progress:
                task = progress.add_task(ng.settings.embed.model, total=todo)
                counts = ng.embed(progress=lambda n: progress.advance(task, n), limit=limit, restory=restory)
        done_after, total = ng.store.vectors.count(ng.settings.embed.model)
    seconds = time.perf_counter() - start
    result = {**counts, "model": ng.settings.embed.model, "with_vectors": done_after, "total_documents": total,
              "seconds": round(seconds, 1), "docs_per_s": round(counts["documents"] / seconds, 1) if seconds else 0.0}
    if as_json:
        print_json(result)
    else:
        out.print(f"[bold]{counts['documents']}[/] documents embedded ({counts['passages']} passages, "
                  f"{counts['encoded']} encoded, the rest from the cache) in {seconds:.1f} s; "
                  f"{done_after} of {total} documents have vectors ({result['model']}); "
                  f"stories: {counts['stories_new']} new, {counts['joined_stories']} documents joined one, "
                  f"{counts['stories_merged']} merged by repair (`newsgraph story log`), "
                  f"{counts['translations_or_copies']} translations or near-duplicates marked", highlight=False)
    return 0
