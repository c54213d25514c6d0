#!/usr/bin/env bash
# The real-music sets of nbs/03b_realmusic.ipynb, from a fresh clone after `bash scripts/setup.sh`:
#   real_scores_dev, real_scores_dev_placed   dev pieces, training libraries (they choose)
#   real_scores_test, real_scores_test_placed test pieces, MuseScore_General (they report)
#   real_prod_dev                              windows of the allowed LMMS demo projects
#   cache/corpus_notes                         the notes of the training works (03c: what training examples may play)
# Resumable: run it again after a stop and it renders only what is missing. The LMMS renders are
# cached in data/cache/lmms (some projects take 15 minutes or more on one core), made with the seed fixed on
# one core: a set made from free renders (before) is replaced with --force.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
# lmms renders the demo productions; a C compiler builds the small library that fixes LMMS's random seed,
# so that every render of a project gives the same samples (03b_realmusic: render_tracks, fixseed_library)
need=()
command -v lmms >/dev/null || need+=(lmms lmms-common)
command -v cc >/dev/null || command -v gcc >/dev/null || need+=(gcc libc6-dev)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "make_real: apt-get install ${need[*]}"
  python scripts/wait_apt.py 600
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
mss_make_real scores data/real_scores_dev --split dev --pans centre "$@"
mss_make_real scores data/real_scores_dev_placed --split dev --pans placed "$@"
mss_make_real scores data/real_scores_test --split test --library musescore --pans centre "$@"
mss_make_real scores data/real_scores_test_placed --split test --library musescore --pans placed "$@"
# The productions dev set of the tables (results/real): 12 windows of these five allowed projects. Any
# allowed project may join (PROD_PROJECTS=all: every one, some a quarter hour on one core); the tables
# were measured on these five.
PROD_PROJECTS=${PROD_PROJECTS:-demos/Oglsdl-PpTrip,demos/Socceroos-Progress,shorties/DirtyLove,shorties/Skiessi-222,shorties/Surrender-Main}
if [ "$PROD_PROJECTS" = all ]; then mss_make_real productions data/real_prod_dev --cache data/cache/lmms "$@"
else mss_make_real productions data/real_prod_dev --cache data/cache/lmms --projects "$PROD_PROJECTS" "$@"; fi
mss_make_real notes data/cache/corpus_notes
python -c "from mss_nb.realmusic import check_data; print('guard:', check_data('data'), 'sources checked, none held out')"
