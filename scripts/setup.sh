#!/usr/bin/env bash
# Create .venv and install newsgraph with its pinned dependencies (PyPI only; nothing is fetched at run time).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# pip 23 (ensurepip) drops lxml's html-clean extra that trafilatura needs; a current pip resolves it.
.venv/bin/python -m pip install -q --disable-pip-version-check "pip==26.3" 2>/dev/null \
  || .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]"
