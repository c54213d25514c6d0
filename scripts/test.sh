#!/usr/bin/env bash
# Set up (if needed) and run the notebook tests. Extra arguments go to nbdev_test,
# e.g. `bash scripts/test.sh --flags slow` for the long cells.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
n=$(ls nbs/*.ipynb | wc -l)
start=$(date +%s)
log=$(mktemp)
if nbdev_test --timing "$@" 2>&1 | tee "$log"; then
  wall=$(( $(date +%s) - start ))
  echo "nbdev_test took $wall s"
  WALL=$wall python scripts/test_times.py "$log" results/test_times.md "$@" || echo "(could not write results/test_times.md)"
  echo "nbdev_test: $n passed, 0 failed"
else
  echo "nbdev_test: failed (see the notebooks listed above)"
  exit 1
fi
