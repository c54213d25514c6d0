#!/usr/bin/env bash
# The main job: set up (if needed), render one held-out test song of the synthetic set (a few
# seconds, ~50 MB), separate it with the project's own trained models, and print where the page to
# listen to is. Extra arguments go to mss_separate (e.g. --method spatial).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
mss_make_synth data/demo --n-train 0 --n-test 1 -q
song=data/demo/test/song_000/mixture.wav
out=out/demo_song_000
mss_separate "$song" -o "$out" --force "$@"
echo "Listen: open $PWD/$out/report.html (the mixture is $song)"
