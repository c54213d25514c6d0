#!/usr/bin/env bash
# Install everything mss_nb needs on a fresh Debian/Ubuntu machine with Python >= 3.10 (3.11 tested):
# system libraries (FluidSynth, FFmpeg, the sound libraries, venv support) through apt-get, and the
# Python packages into ./.venv at the exact versions of requirements.lock (made by
# scripts/make_lock.sh). Safe to run again: it installs only what is missing or differs from the lock,
# then checks that the environment holds together (scripts/check_env.py).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
LOCK=requirements.lock
say() { echo "[setup] $*"; }
fail() { echo "[setup] $*" >&2; exit 1; }

# --- system packages ------------------------------------------------------------------------------
need=()
# (grep without -q: with pipefail, -q's early exit would fail the pipeline by SIGPIPE)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep 'install ok installed' >/dev/null; }
ldconfig -p 2>/dev/null | grep 'libfluidsynth.so.3' >/dev/null || need+=(libfluidsynth3)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
# sound libraries of the render engine (03_engine); MuseScore_General is the held-out test library
for pkg in fluid-soundfont-gm fluid-soundfont-gs opl3-soundfont musescore-general-soundfont; do
  installed "$pkg" || need+=("$pkg")
done
"$PY" -c "import ensurepip, venv" 2>/dev/null || need+=(python3-venv)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  say "apt-get install ${need[*]}"
  # another apt-get or dpkg (an unattended upgrade, say) holds the lock: wait for it up to 10 minutes
  "$PY" scripts/wait_apt.py 600 || fail "another apt-get or dpkg has held the package lock for 10 minutes: let it finish (or stop it), then run bash scripts/setup.sh again"
  wait_lock=(-o DPkg::Lock::Timeout=600)
  apt_fail="apt-get could not install ${need[*]} (see above): if another apt-get or dpkg is running, let it finish, then run bash scripts/setup.sh again"
  $SUDO apt-get "${wait_lock[@]}" update -qq || fail "$apt_fail"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${wait_lock[@]}" install -y -qq "${need[@]}" >/dev/null \
    || fail "$apt_fail"
fi

# --- Python packages, from the lock ---------------------------------------------------------------
[ -f "$LOCK" ] || fail "$LOCK is missing: restore it (git checkout $LOCK) or make it (bash scripts/make_lock.sh)"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=$(cat "$LOCK" setup.py settings.ini | sha1sum | cut -c1-16)
if [ "$(cat .venv/.installed 2>/dev/null)" != "$stamp" ]; then
  say "installing $LOCK into .venv (first time: ~6 GB with PyTorch; about a minute with uv, three with pip)"
  # pip first (the lock's), then uv (the lock's): uv installs the lock about 9x faster than pip; if uv
  # fails, pip does it. PyTorch's CUDA wheels are large: a dropped connection must not fail the install,
  # so pip resumes broken downloads and every install is tried again (finished wheels are cached).
  pipx() { .venv/bin/python -m pip "$@" --retries 10 --timeout 60; }
  for try in 1 2 3 4; do pipx install -q "$(grep -m1 '^pip==' "$LOCK")" && break; sleep 10; done
  resume=""; .venv/bin/python -m pip install --help | grep -- '--resume-retries' >/dev/null && resume="--resume-retries 20"
  uv_pin=$(grep -m1 '^uv==' "$LOCK" || true)
  for try in 1 2 3 4; do
    # --no-deps: the lock already lists every dependency at its version (basic-pitch's TensorFlow left out)
    if [ -n "$uv_pin" ] && pipx install -q "$uv_pin" \
       && UV_HTTP_TIMEOUT=120 .venv/bin/uv pip install -q --python .venv/bin/python --no-deps -r "$LOCK"; then :
    else pipx install -q $resume --no-deps -r "$LOCK" || { [ "$try" = 4 ] && fail "installing $LOCK failed 4 times (network?): run bash scripts/setup.sh again"; say "install failed (try $try of 4): retrying in 30 s"; sleep 30; continue; }
    fi
    pipx install -q --no-deps --no-build-isolation -e . && break
  done
  .venv/bin/python -c "import mss_nb" 2>/dev/null || fail "mss_nb did not install into .venv: run bash scripts/setup.sh again"
  rm -f .venv/.compiled
  echo "$stamp" > .venv/.installed
fi
# Bytecode, once per install: uv installs without it, and where PYTHONDONTWRITEBYTECODE is set (CI, some
# containers) every command would compile ~2,500 modules again at start: mss_separate's imports take
# 2.5 s instead of 5.6 s on the CI machine's 2 cores. mss_nb's own is refreshed on every run (a few files).
if [ ! -f .venv/.compiled ]; then
  say "compiling the packages' bytecode (once; about half a minute)"
  .venv/bin/python -m compileall -q -j 0 .venv/lib/python*/site-packages >/dev/null 2>&1 || true
  touch .venv/.compiled
fi
.venv/bin/python -m compileall -q mss_nb >/dev/null 2>&1 || true
.venv/bin/python scripts/check_env.py --lock "$LOCK" >/tmp/mss_nb_check_env.$$ 2>&1 \
  || { cat /tmp/mss_nb_check_env.$$ >&2; rm -f /tmp/mss_nb_check_env.$$; rm -f .venv/.installed; exit 1; }
rm -f /tmp/mss_nb_check_env.$$
say "ok: $(.venv/bin/python -c 'import torch, torchaudio, mss_nb; print("mss_nb", mss_nb.__version__, "torch", torch.__version__, "torchaudio", torchaudio.__version__)')"
