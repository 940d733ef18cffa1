#!/usr/bin/env bash
# Runs audiodev's real-time benchmarks against C programs doing the same
# work, in the same run, and prints a Markdown table.
#
#   scripts/bench.sh [--quick] [--only a,b,c,d,e,f] [--json FILE] [--device NAME]
#                    [--jack-seconds N] [--jack-contestants LIST]
#                    [--jack-blocksizes 32,64,128,256]
#
# (f) runs on private JACK servers with the dummy backend (jackd2), one per
# period size, and needs Debian's python3-pyaudio for its PyAudio row; its
# window is 60 s per cell (about 45 minutes for the table), 5 s with
# --quick, or --jack-seconds N; --jack-contestants picks rows (floor, c, main,
# worker, worker-normal, worker-unpinned, pyaudio, c-duplex, main-duplex,
# worker-duplex, worker-unpinned-duplex, writeall, worker-write). It runs
# when --only names it or no --only is
# given.
#
# Needs: cc, portaudio19-dev (headers), libportaudio2, alsa-utils (aplay and
# arecord for (e)), a PulseAudio server
# (XDG_RUNTIME_DIR=/tmp/audiodev-xdg by default); a private null sink with a
# `parec` reader on its monitor is set up for the run and removed after it.
# Full run: about 6 minutes; --quick: about 2.
set -euo pipefail
cd "$(dirname "$0")/.."
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp/audiodev-xdg}"

tmp="$(mktemp -d)"
reader_pid=""
module=""
cleanup() {
  if [ -n "$reader_pid" ]; then kill "$reader_pid" 2>/dev/null || true; fi
  if [ -n "$module" ]; then pactl unload-module "$module" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

for prog in pa_callback pa_write pa_devices rt_floor; do
  cc -O2 -Wall -o "$tmp/$prog" "benchmarks/c/$prog.c" -lportaudio -lasound -lm -lpthread
done

# A private null sink, so other programs playing into the shared one cannot
# disturb the measurements; the "pulse" device of PortAudio and ALSA plays to
# it through PULSE_SINK. A reader on its monitor keeps streaming steady
# (PLATFORM.md: an unread null sink delivers only ~62% of the callbacks).
# The reader asks for 100 ms: with 20 ms, the sink ran in 10 ms chunks and on
# 2026-11-23 C's own Pa_WriteStream loop (blocksize 256, 42 ms buffer)
# underflowed 110 times in 3 s in one of two runs and finished 3 s of audio in
# 1.9 s; with 100 ms, 0 underflows and 3.02 s in both runs.
sink="audiodev_bench_$$"
module="$(pactl load-module module-null-sink sink_name="$sink")"
export PULSE_SINK="$sink" PULSE_SOURCE="$sink.monitor"
parec -d "$sink.monitor" --latency-msec=100 >/dev/null &
reader_pid=$!
sleep 1

# Split off what only (f) takes, and whether (f) and the others run.
pass=()
jack=()
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --only) only="$2"; shift 2 ;;
    --jack-seconds) jack+=(--seconds "$2"); shift 2 ;;
    --jack-contestants) jack+=(--contestants "$2"); shift 2 ;;
    --jack-blocksizes) jack+=(--blocksizes "$2"); shift 2 ;;
    --quick) pass+=("$1"); jack+=("$1"); shift ;;
    --json) pass+=("$1" "$2"); jack+=(--json "${2%.json}_f.json"); shift 2 ;;
    *) pass+=("$1"); shift ;;
  esac
done
rest="${only:-a,b,c,d,e}"
rest="$(tr ',' '\n' <<<"$rest" | { grep -v '^f$' || true; } | paste -sd, -)"
if [ -n "$rest" ]; then
  deno run -A benchmarks/run.ts --cdir "$tmp" --only "$rest" ${pass[@]+"${pass[@]}"}
fi
if [ -z "$only" ] || grep -qw f <<<"${only//,/ }"; then
  deno run -A benchmarks/jack_bench.ts --cdir "$tmp" ${jack[@]+"${jack[@]}"}
fi
