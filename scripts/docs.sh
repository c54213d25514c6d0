#!/usr/bin/env bash
# Build the static docs without Quarto (executes the notebooks, a few minutes) and check them in
# headless Chromium. Installs Debian's chromium if it is missing. Users with Quarto: `nbdev_docs`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
.venv/bin/python scripts/build_docs.py "$@"
.venv/bin/python scripts/check_docs.py
echo "open site/index.html"
