#!/usr/bin/env bash
# A private JACK server with the dummy backend (no sound card, no D-Bus), for
# the tests and benchmarks that run on JACK. Clients pick it with
# JACK_DEFAULT_SERVER=<name>; the tests read its name from AUDIODEV_JACK_SERVER
# (exporting JACK_DEFAULT_SERVER for everything would make JACK PortAudio's
# default device in every test).
#
#   scripts/jack_server.sh start [PERIOD]  start one (48 kHz, PERIOD frames, default 64)
#   scripts/jack_server.sh env             print "export AUDIODEV_JACK_SERVER=..." for eval
#   scripts/jack_server.sh status          exit 0 when ours answers
#   scripts/jack_server.sh log             print the path of its log (xruns are logged there)
#   scripts/jack_server.sh stop            stop what "start" started (and nothing else)
set -euo pipefail
# shellcheck source=scripts/_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/_lib.sh"

STATE_DIR="$AUDIODEV_ROOT/.tmp/jack-server"
STATE="$STATE_DIR/state"

read_state() { # sets NAME, PID, LOG
  NAME=""; PID=""; LOG=""
  # shellcheck disable=SC1090
  [ -f "$STATE" ] && source "$STATE"
  return 0
}

answers() { # name
  [ -n "$1" ] && JACK_DEFAULT_SERVER="$1" timeout 5 jack_lsp >/dev/null 2>&1
}

cmd="${1:-start}"
case "$cmd" in
  start)
    period="${2:-64}"
    read_state
    if [ -n "$NAME" ] && answers "$NAME"; then
      echo "jack server: ours is running ($NAME)" >&2; exit 0
    fi
    command -v jackd >/dev/null 2>&1 || { echo "jack server: jackd missing; run scripts/setup.sh" >&2; exit 1; }
    mkdir -p "$STATE_DIR"
    NAME="audiodev_$$"
    LOG="$STATE_DIR/jackd.log"
    JACK_NO_AUDIO_RESERVATION=1 setsid jackd -n "$NAME" -d dummy -r 48000 -p "$period" \
      >"$LOG" 2>&1 </dev/null &
    PID=$!
    for _ in $(seq 1 50); do answers "$NAME" && break; sleep 0.2; done
    if ! answers "$NAME"; then
      kill "$PID" 2>/dev/null || true
      echo "jack server: jackd did not start:" >&2; tail -5 "$LOG" >&2; exit 1
    fi
    printf 'NAME=%q\nPID=%q\nLOG=%q\n' "$NAME" "$PID" "$LOG" >"$STATE"
    echo "jack server: started $NAME (dummy backend, 48000 Hz, $period frames)" >&2
    ;;
  env)
    read_state
    [ -n "$NAME" ] && answers "$NAME" && echo "export AUDIODEV_JACK_SERVER=$NAME"
    ;;
  status)
    read_state
    answers "$NAME"
    ;;
  log)
    read_state
    echo "$LOG"
    ;;
  stop)
    read_state
    if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
      kill "$PID" 2>/dev/null || true
      for _ in $(seq 1 25); do kill -0 "$PID" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$PID" 2>/dev/null || true
    fi
    rm -f "$STATE"
    ;;
  *)
    echo "usage: scripts/jack_server.sh start [PERIOD]|env|status|log|stop" >&2; exit 2
    ;;
esac
