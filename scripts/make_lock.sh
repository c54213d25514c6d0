#!/usr/bin/env bash
# Make requirements.lock, the one list of exact versions (direct and indirect) that setup.sh, CI and
# the docs install from. It resolves settings.ini's requirements into a scratch venv, checks that the
# environment holds together and imports every module, runs the quick tests (nbdev_test, default
# flags) there, and only then writes the lock. Moving to a new torch: change the torch/torchaudio
# pair in settings.ini, run this, review `git diff requirements.lock`, commit.
#
#   bash scripts/make_lock.sh              # resolve, check, test, write requirements.lock
#   bash scripts/make_lock.sh --no-tests   # skip nbdev_test (a quick look; do not commit that lock)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
tests=1; [ "${1:-}" = "--no-tests" ] && tests=0
scratch=$(mktemp -d "${TMPDIR:-/tmp}/mss_nb_lock.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
nodeps=$(sed -n 's/^nodeps_requirements *= *//p' settings.ini)
echo "[lock] resolving settings.ini's requirements into $scratch/venv"
"$PY" -m venv "$scratch/venv"
pip() { "$scratch/venv/bin/python" -m pip "$@" --retries 10 --timeout 60; }
pip install -q --upgrade pip
pip install -q -e ".[dev]"
[ -n "$nodeps" ] && pip install -q --no-deps $nodeps
echo "[lock] checking the environment and importing every module"
"$scratch/venv/bin/python" scripts/check_env.py --all
if [ "$tests" = 1 ]; then
  echo "[lock] running the quick tests in the scratch venv"
  PATH="$scratch/venv/bin:$PATH" nbdev_test
fi
# everything but mss_nb itself; pip first (setup.sh installs it before the rest); CUDA wheels only on Linux
{
  echo "# requirements.lock: every package mss_nb installs, at the exact version tested together."
  echo "# Made by scripts/make_lock.sh on $(date -u +%F) with Python $("$scratch/venv/bin/python" -c 'import platform; print(platform.python_version(), platform.machine())')."
  echo "# Install: bash scripts/setup.sh (pip install --no-deps -r requirements.lock, then mss_nb itself)."
  echo "# Installed without dependencies on purpose: $nodeps (see scripts/check_env.py NO_DEPS)."
  "$scratch/venv/bin/python" -m pip freeze --all --exclude-editable 2>/dev/null \
    | grep -v -E '^(mss[-_]nb)([=@ ]|$)' | LC_ALL=C sort -f \
    | awk '/^pip==/ {print; next} {a[n++]=$0} END {for (i=0;i<n;i++) print a[i]}' \
    | sed -E 's/^((nvidia-|cuda-|triton==)[^ ;]*)$/\1 ; platform_system == "Linux"/'
} > "$scratch/requirements.lock"
grep -q '^torch==' "$scratch/requirements.lock" || { echo "[lock] torch missing from the freeze"; exit 1; }
mv "$scratch/requirements.lock" requirements.lock.tmp && mv requirements.lock.tmp requirements.lock
echo "[lock] wrote requirements.lock ($(grep -c '==' requirements.lock) packages); review: git diff requirements.lock"
