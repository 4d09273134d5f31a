"""`newsgraph eval TASK --data FILE`: one module per task, each with `run(path, settings) -> dict`.

Readers of the bench formats live in `data.py`, shared metrics in `metrics.py`. Every
result carries `n` and `docs_per_s` (or `items_per_s`).
"""
