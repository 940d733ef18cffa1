#!/usr/bin/env bash
# Runs audiodev's real-time benchmarks against C programs doing the same
# work, in the same run, and prints a Markdown table.
#
#   scripts/bench.sh [--quick] [--only a,b,c,d] [--json FILE] [--device NAME]
#
# Needs: cc, portaudio19-dev (headers), libportaudio2, a PulseAudio server
# (XDG_RUNTIME_DIR=/tmp/audiodev-xdg by default) with its monitor being read
# (a `parec` reader is started for the run if none is). Full run: about
# 8 minutes; --quick: about 2.
set -euo pipefail
cd "$(dirname "$0")/.."
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp/audiodev-xdg}"

tmp="$(mktemp -d)"
reader_pid=""
cleanup() {
  if [ -n "$reader_pid" ]; then kill "$reader_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

for prog in pa_callback pa_write pa_devices; do
  cc -O2 -Wall -o "$tmp/$prog" "benchmarks/c/$prog.c" -lportaudio -lasound -lm
done

# A reader on the null sink's monitor keeps streaming steady (PLATFORM.md).
if ! pgrep -u "$(id -u)" -f "parec -d virt.monitor" >/dev/null; then
  parec -d virt.monitor --latency-msec=20 >/dev/null &
  reader_pid=$!
  sleep 1
fi

deno run -A benchmarks/run.ts --cdir "$tmp" "$@"
