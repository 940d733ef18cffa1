#!/usr/bin/env bash
# A virtual sound device for machines without a sound card: a PulseAudio
# null sink ("virt") in a private runtime directory, plus a reader on its
# monitor (an idle null sink stalls new streams; see PLATFORM.md).
#
#   scripts/sound_server.sh start    start one unless a server already answers
#   scripts/sound_server.sh env      print "export XDG_RUNTIME_DIR=..." for eval
#   scripts/sound_server.sh status   exit 0 when a server answers
#   scripts/sound_server.sh stop     stop what "start" started (and nothing else)
set -euo pipefail
# shellcheck source=scripts/_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/_lib.sh"

STATE_DIR="$AUDIODEV_ROOT/.tmp/sound-server"
STATE="$STATE_DIR/state"

answers() { # [runtime dir]
  if [ -n "${1:-}" ]; then XDG_RUNTIME_DIR="$1" timeout 5 pactl info >/dev/null 2>&1
  else timeout 5 pactl info >/dev/null 2>&1
  fi
}

read_state() { # sets RUNTIME, PA_PID, READER_PID
  RUNTIME=""; PA_PID=""; READER_PID=""
  # shellcheck disable=SC1090
  [ -f "$STATE" ] && source "$STATE"
  return 0
}

start_reader() { # runtime dir
  if XDG_RUNTIME_DIR="$1" pactl list short sources 2>/dev/null | grep -q "virt.monitor"; then
    XDG_RUNTIME_DIR="$1" setsid parec -d virt.monitor --latency-msec=20 >/dev/null 2>&1 </dev/null &
    echo $!
  fi
}

cmd="${1:-start}"
case "$cmd" in
  start)
    read_state
    if [ -n "$RUNTIME" ] && answers "$RUNTIME"; then
      echo "sound server: ours is running ($RUNTIME)" >&2; exit 0
    fi
    if [ -n "${XDG_RUNTIME_DIR:-}" ] && answers; then
      echo "sound server: one already answers at XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR" >&2; exit 0
    fi
    command -v pulseaudio >/dev/null 2>&1 || { echo "sound server: pulseaudio missing; run scripts/setup.sh" >&2; exit 1; }
    mkdir -p "$STATE_DIR"
    RUNTIME="$(mktemp -d /tmp/audiodev-pulse.XXXXXX)"
    chmod 700 "$RUNTIME"
    XDG_RUNTIME_DIR="$RUNTIME" pulseaudio --daemonize=yes --exit-idle-time=-1 -n \
      --load=module-native-protocol-unix \
      --load="module-null-sink sink_name=virt" --load=module-always-sink >/dev/null 2>&1
    for _ in $(seq 1 50); do answers "$RUNTIME" && break; sleep 0.2; done
    answers "$RUNTIME" || { echo "sound server: pulseaudio did not start" >&2; exit 1; }
    PA_PID="$(cat "$RUNTIME/pulse/pid" 2>/dev/null || true)"
    READER_PID="$(start_reader "$RUNTIME")"
    printf 'RUNTIME=%q\nPA_PID=%q\nREADER_PID=%q\n' "$RUNTIME" "$PA_PID" "$READER_PID" >"$STATE"
    echo "sound server: started PulseAudio null sink in $RUNTIME" >&2
    ;;
  env)
    read_state
    if [ -n "$RUNTIME" ] && answers "$RUNTIME"; then echo "export XDG_RUNTIME_DIR=$(printf %q "$RUNTIME")"
    elif [ -n "${XDG_RUNTIME_DIR:-}" ]; then echo "export XDG_RUNTIME_DIR=$(printf %q "$XDG_RUNTIME_DIR")"
    fi
    ;;
  status)
    read_state
    if [ -n "$RUNTIME" ] && answers "$RUNTIME"; then echo "ours: $RUNTIME"; exit 0; fi
    if answers; then echo "other: ${XDG_RUNTIME_DIR:-default}"; exit 0; fi
    echo "none"; exit 1
    ;;
  stop)
    read_state
    [ -n "$RUNTIME" ] || { echo "sound server: none of ours to stop" >&2; exit 0; }
    [ -n "$READER_PID" ] && kill "$READER_PID" 2>/dev/null || true
    XDG_RUNTIME_DIR="$RUNTIME" pulseaudio -k >/dev/null 2>&1 || { [ -n "$PA_PID" ] && kill "$PA_PID" 2>/dev/null; } || true
    rm -rf "$RUNTIME" "$STATE"
    echo "sound server: stopped" >&2
    ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
