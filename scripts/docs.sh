#!/usr/bin/env bash
# Build the static docs without Quarto (executes the notebooks, a few minutes) and check them in
# headless Chromium. Installs Debian's chromium if it is missing. Users with Quarto: `nbdev_docs`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  fix="apt-get could not install chromium: if another apt-get or dpkg is running, let it finish, then run bash scripts/docs.sh again"
  python3 scripts/wait_apt.py 600 || { echo "[docs] $fix" >&2; exit 1; }
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq || { echo "[docs] $fix" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium >/dev/null \
    || { echo "[docs] $fix" >&2; exit 1; }
fi
start=$(date +%s)
.venv/bin/python scripts/build_docs.py "$@"
.venv/bin/python scripts/check_docs.py
.venv/bin/python scripts/test_times.py --docs $(( $(date +%s) - start )) results/test_times.md \
  || echo "(could not write results/test_times.md)"
echo "open site/index.html"
