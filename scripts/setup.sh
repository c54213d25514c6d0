#!/usr/bin/env bash
# Install everything mss_nb needs on a fresh Debian/Ubuntu machine with Python >= 3.10:
# system libraries (FluidSynth, FFmpeg, venv support) and the package with its pinned requirements
# in ./.venv. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
need=()
ldconfig -p 2>/dev/null | grep -q 'libfluidsynth.so.3' || need+=(libfluidsynth3)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
# sound libraries of the render engine (03_render); MuseScore_General is the held-out test library
for pkg in fluid-soundfont-gm fluid-soundfont-gs opl3-soundfont musescore-general-soundfont; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
"$PY" -c "import ensurepip, venv" 2>/dev/null || need+=(python3-venv)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "[setup] apt-get install ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
if ! .venv/bin/python -c "import mss_nb, torchaudio, openunmix, encodec, fluidsynth, pedalboard, nbdev, hypothesis, torchmetrics" 2>/dev/null \
   || [ setup.py -nt .venv/.installed ] || [ settings.ini -nt .venv/.installed ]; then
  echo "[setup] pip install -e .[dev] into .venv (first time: ~5 GB with PyTorch, a few minutes)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  touch .venv/.installed
fi
echo "[setup] ok: $(.venv/bin/python -c 'import torch, mss_nb; print("mss_nb", mss_nb.__version__, "torch", torch.__version__)')"
