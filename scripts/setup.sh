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
# sound libraries of the render engine (03_engine); MuseScore_General is the held-out test library
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
if ! .venv/bin/python -c "import mss_nb, torchaudio, openunmix, encodec, fluidsynth, pedalboard, nbdev, hypothesis, torchmetrics, onnxruntime, librosa, mir_eval" 2>/dev/null \
   || [ setup.py -nt .venv/.installed ] || [ settings.ini -nt .venv/.installed ]; then
  echo "[setup] pip install -e .[dev] into .venv (first time: ~5 GB with PyTorch, a few minutes)"
  # PyTorch's CUDA wheels are large (one is 423 MB): a dropped connection must not fail the install,
  # so pip resumes broken downloads and the whole install is tried again (finished wheels are cached).
  pipx() { .venv/bin/python -m pip "$@" --retries 10 --timeout 60; }
  for try in 1 2 3 4; do pipx install -q --upgrade pip && break; sleep 10; done
  resume=""; .venv/bin/python -m pip install --help | grep -q -- '--resume-retries' && resume="--resume-retries 20"
  for try in 1 2 3 4; do
    pipx install -q $resume -e ".[dev]" && break
    [ "$try" = 4 ] && { echo "[setup] pip install failed 4 times"; exit 1; }
    echo "[setup] pip install failed (try $try of 4): retrying in 30 s"; sleep 30
  done
  touch .venv/.installed
fi
# basic-pitch's note model (17_transcribe) ships inside its wheel; its metadata asks for TensorFlow,
# which mss_nb never imports: install it without dependencies (its light ones are in settings.ini)
if ! .venv/bin/python -c "import basic_pitch.inference" 2>/dev/null; then
  echo "[setup] pip install --no-deps basic-pitch==0.4.0"
  for try in 1 2 3 4; do .venv/bin/python -m pip install -q --no-deps basic-pitch==0.4.0 --retries 10 --timeout 60 && break
    [ "$try" = 4 ] && { echo "[setup] basic-pitch install failed"; exit 1; }; sleep 15; done
fi
echo "[setup] ok: $(.venv/bin/python -c 'import torch, mss_nb; print("mss_nb", mss_nb.__version__, "torch", torch.__version__)')"
