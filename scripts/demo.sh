#!/usr/bin/env bash
# The main job: set up (if needed), render the embedded synthetic set (resumable; ~1 min, 4.3 GB),
# then separate one held-out test song with the project's own trained models and print where the
# stems are. Extra arguments go to the separation command.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
mss_make_synth data/synth
song=data/synth/test/song_000/mixture.wav
out=out/demo_song_000
mss_separate "$song" -o "$out" --force "$@"
echo "Listen: the mixture is $song; the separated stems are in $out/"
