#!/usr/bin/env bash
# Set up, then run the main job on the bundled sample corpus with the embedded SQLite store.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/newsgraph demo "$@"
