#!/usr/bin/env bash
# The system pieces of the web UI tests: Debian's chromium and fonts (DejaVu: Latin, Vietnamese,
# Arabic; Noto CJK: Chinese, Japanese). Playwright (pip, in .venv) drives /usr/bin/chromium;
# `playwright install` is never run. Installing needs root once; afterwards this only checks.
set -euo pipefail
PKGS="chromium fonts-dejavu-core fonts-noto-cjk"
if dpkg -s $PKGS >/dev/null 2>&1 && [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "setup-browser: the web UI tests need: apt-get install --no-install-recommends $PKGS (run once as root)" >&2
  exit 1
fi
apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $PKGS >/dev/null
