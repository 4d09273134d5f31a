#!/usr/bin/env bash
# Set up, then run the whole test suite (lint included). pytest's "no tests ran" (exit 5) fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup-browser.sh
.venv/bin/ruff check src tests benchmarks
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
