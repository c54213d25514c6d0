#!/usr/bin/env bash
# Set up (if needed) and run the notebook tests. Extra arguments go to nbdev_test,
# e.g. `bash scripts/test.sh --flags slow` for the long cells.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
# nbdev_test runs two notebooks at once on two cores: one thread each, or both oversubscribe the cores
# (each measures the cores free when it starts) and run many times slower; MSS_NB_THREADS overrides
export MSS_NB_THREADS=${MSS_NB_THREADS:-1} OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
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
