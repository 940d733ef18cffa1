#!/usr/bin/env bash
# A headless PipeWire for machines without a sound card or a desktop session:
# a private session bus (dbus-daemon; WirePlumber will not start without
# one), pipewire, wireplumber and pipewire-pulse in a private runtime
# directory, a null sink "virt" made the default, and a reader on its monitor.
# Nothing here touches another sound server: clients reach this one only
# through the environment that "env" prints.
#
# ALSA's "pipewire" PCM and ctl come from Debian's pipewire-alsa, which
# conflicts with the pulseaudio package. When it is not installed, "start"
# unpacks the plugin from the package (apt-get download, no install) under
# .tmp/ and "env" points ALSA at it through ALSA_CONFIG_PATH.
#
#   scripts/pipewire_server.sh start    start one unless ours already answers
#   scripts/pipewire_server.sh env      print the exports for eval
#   scripts/pipewire_server.sh status   exit 0 when ours answers
#   scripts/pipewire_server.sh stop     stop what "start" started (and nothing else)
#
# AUDIODEV_PIPEWIRE_STATE_DIR (default .tmp/pipewire-server) is where the
# PIDs and the runtime directory are recorded: a second directory gives a
# second, independent server.
set -euo pipefail
# shellcheck source=scripts/_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/_lib.sh"

STATE_DIR="${AUDIODEV_PIPEWIRE_STATE_DIR:-$AUDIODEV_ROOT/.tmp/pipewire-server}"
STATE="$STATE_DIR/state"
PLUGIN_DIR="$AUDIODEV_ROOT/.tmp/pipewire-alsa"
MULTIARCH="$(gcc -print-multiarch 2>/dev/null || dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)"
SYSTEM_PLUGIN="/usr/lib/$MULTIARCH/alsa-lib/libasound_module_pcm_pipewire.so"

read_state() { # sets RUNTIME, ALSA_CONF and the PIDs
  RUNTIME=""; ALSA_CONF=""; DBUS_PID=""; PW_PID=""; WP_PID=""; PULSE_PID=""; READER_PID=""
  # shellcheck disable=SC1090
  [ -f "$STATE" ] && source "$STATE"
  return 0
}

answers() { # runtime dir: 0 when pipewire-pulse answers there
  [ -n "$1" ] && XDG_RUNTIME_DIR="$1" timeout 5 pactl info 2>/dev/null | grep -q "on PipeWire"
}

gone() { # pid: ended (a zombie child of this shell counts as ended)
  local state
  state="$({ cut -d' ' -f3 <"/proc/$1/stat"; } 2>/dev/null)" || return 0
  [ "$state" = Z ]
}

# Kills PID only when it still runs the program we started under it.
kill_ours() { # pid program
  local pid="$1" prog="$2"
  [ -n "$pid" ] || return 0
  if { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -q -- "$prog"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 25); do gone "$pid" && return 0; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
}

stop_all() {
  kill_ours "$READER_PID" parec
  kill_ours "$PULSE_PID" pipewire-pulse
  kill_ours "$WP_PID" wireplumber
  kill_ours "$PW_PID" pipewire
  kill_ours "$DBUS_PID" dbus-daemon
  [ -n "$RUNTIME" ] && rm -rf "$RUNTIME"
  rm -f "$STATE"
}

# Prints the directory holding libasound_module_{pcm,ctl}_pipewire.so unpacked
# from pipewire-alsa (the installed pipewire's version), unpacking it if need be.
unpacked_plugin() {
  local lib="$PLUGIN_DIR/root/usr/lib/$MULTIARCH/alsa-lib"
  if [ ! -f "$lib/libasound_module_pcm_pipewire.so" ]; then
    local version
    version="$(dpkg-query -W -f='${Version}' pipewire 2>/dev/null)" || return 1
    mkdir -p "$PLUGIN_DIR"
    (cd "$PLUGIN_DIR" && rm -f pipewire-alsa_*.deb &&
      timeout 120 apt-get download "pipewire-alsa=$version" >/dev/null 2>&1 &&
      dpkg-deb -x pipewire-alsa_*.deb root) || return 1
  fi
  [ -f "$lib/libasound_module_pcm_pipewire.so" ] && echo "$lib"
}

# Writes an ALSA configuration that defines the "pipewire" PCM and ctl with
# the unpacked plugin; prints its path.
write_alsa_conf() { # runtime dir, plugin dir
  local conf="$1/asound-pipewire.conf"
  {
    echo "pcm_type.pipewire { lib \"$2/libasound_module_pcm_pipewire.so\" }"
    echo "ctl_type.pipewire { lib \"$2/libasound_module_ctl_pipewire.so\" }"
    cat "$PLUGIN_DIR/root/usr/share/alsa/alsa.conf.d/50-pipewire.conf"
  } >"$conf"
  echo "$conf"
}

print_env() {
  echo "export XDG_RUNTIME_DIR=$(printf %q "$RUNTIME")"
  if [ -n "$ALSA_CONF" ]; then
    echo "export ALSA_CONFIG_PATH=$(printf %q "/usr/share/alsa/alsa.conf:$ALSA_CONF")"
  fi
}

quiet() { "$@" >/dev/null 2>&1; } # command...: its status, without its output

wait_for() { # seconds, command...
  local tries=$(( $1 * 5 )); shift
  for _ in $(seq 1 "$tries"); do "$@" && return 0; sleep 0.2; done
  return 1
}

cmd="${1:-start}"
case "$cmd" in
  start)
    read_state
    if answers "$RUNTIME"; then echo "pipewire server: ours is running ($RUNTIME)" >&2; exit 0; fi
    stop_all # leftovers of one that died
    missing=""
    for p in pipewire wireplumber pipewire-pulse pactl parec dbus-daemon; do
      command -v "$p" >/dev/null 2>&1 || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
      echo "pipewire server: missing:$missing (apt-get install --no-install-recommends pipewire pipewire-pulse wireplumber pulseaudio-utils dbus-daemon)" >&2
      exit 1
    fi
    mkdir -p "$STATE_DIR"
    RUNTIME="$(mktemp -d /tmp/audiodev-pipewire.XXXXXX)"
    chmod 700 "$RUNTIME"
    mkdir -p "$RUNTIME/config" "$RUNTIME/state" "$RUNTIME/data"
    save() {
      printf 'RUNTIME=%q\nALSA_CONF=%q\nDBUS_PID=%q\nPW_PID=%q\nWP_PID=%q\nPULSE_PID=%q\nREADER_PID=%q\n' \
        "$RUNTIME" "$ALSA_CONF" "$DBUS_PID" "$PW_PID" "$WP_PID" "$PULSE_PID" "$READER_PID" >"$STATE"
    }
    fail() { echo "pipewire server: $1" >&2; [ -n "${2:-}" ] && tail -5 "$2" >&2; stop_all; exit 1; }
    # Any other command that fails ends the start the same way: nothing of a
    # half-started server stays behind.
    trap 'status=$?; echo "pipewire server: start failed (line $LINENO, status $status)" >&2; stop_all; exit 1' ERR
    save
    # Private XDG dirs: no user configuration or saved WirePlumber state leaks in or out.
    export XDG_RUNTIME_DIR="$RUNTIME" XDG_CONFIG_HOME="$RUNTIME/config" \
      XDG_STATE_HOME="$RUNTIME/state" XDG_DATA_HOME="$RUNTIME/data"
    export DBUS_SESSION_BUS_ADDRESS="unix:path=$RUNTIME/bus"
    DBUS_PID="$(dbus-daemon --session --address="$DBUS_SESSION_BUS_ADDRESS" --fork --print-pid)" ||
      fail "dbus-daemon --session did not start"
    save
    setsid pipewire >"$RUNTIME/pipewire.log" 2>&1 </dev/null &
    PW_PID=$!; save
    wait_for 10 test -S "$RUNTIME/pipewire-0" || fail "pipewire did not start:" "$RUNTIME/pipewire.log"
    setsid wireplumber >"$RUNTIME/wireplumber.log" 2>&1 </dev/null &
    WP_PID=$!; save
    wp_started="$(date +%s%N)"
    setsid pipewire-pulse >"$RUNTIME/pipewire-pulse.log" 2>&1 </dev/null &
    PULSE_PID=$!; save
    wait_for 10 answers "$RUNTIME" || fail "pipewire-pulse did not answer:" "$RUNTIME/pipewire-pulse.log"
    if gone "$WP_PID"; then fail "wireplumber exited:" "$RUNTIME/wireplumber.log"; fi
    pactl load-module module-null-sink sink_name=virt >/dev/null || fail "could not load module-null-sink"
    wait_for 20 sh -c 'pactl list short sinks | grep -q "[[:space:]]virt[[:space:]]"' || fail "sink virt did not appear"
    # pipewire-pulse keeps the default sink and source in the "default"
    # metadata object, which WirePlumber creates once it has started; until
    # then set-default-sink fails with "Failure: Not supported". WirePlumber
    # can be the last of the three to be ready (seconds later on a busy
    # machine), so wait for it.
    for _ in $(seq 1 150); do
      quiet pactl set-default-sink virt && break
      if gone "$WP_PID"; then fail "wireplumber exited:" "$RUNTIME/wireplumber.log"; fi
      sleep 0.2
    done
    quiet pactl set-default-sink virt ||
      fail "pactl set-default-sink virt kept failing (no default metadata: WirePlumber not ready in 30 s):" "$RUNTIME/wireplumber.log"
    wait_for 10 quiet pactl set-default-source virt.monitor || fail "pactl set-default-source virt.monitor failed"
    wp_ready_ms=$(( ($(date +%s%N) - wp_started) / 1000000 ))
    # 100 ms: PipeWire runs the whole graph at the smallest latency a client
    # asks for, so a 20 ms reader would shrink every stream's period.
    setsid parec -d virt.monitor --latency-msec=100 >/dev/null 2>&1 </dev/null &
    READER_PID=$!; save
    if [ ! -f "$SYSTEM_PLUGIN" ]; then
      if plugin="$(unpacked_plugin)"; then
        ALSA_CONF="$(write_alsa_conf "$RUNTIME" "$plugin")"; save
      else
        echo "pipewire server: ALSA's pipewire plugin is neither installed nor unpackable (apt-get download pipewire-alsa failed); the ALSA 'pipewire' device is missing" >&2
      fi
    fi
    echo "pipewire server: started PipeWire $(pipewire --version | sed -n 's/^Linked with libpipewire //p') with null sink virt in $RUNTIME (defaults set ${wp_ready_ms} ms after WirePlumber was started)" >&2
    ;;
  env)
    read_state
    answers "$RUNTIME" && print_env
    ;;
  status)
    read_state
    if answers "$RUNTIME"; then echo "ours: $RUNTIME"; exit 0; fi
    echo "none"; exit 1
    ;;
  stop)
    read_state
    [ -n "$RUNTIME" ] || { echo "pipewire server: none of ours to stop" >&2; exit 0; }
    stop_all
    echo "pipewire server: stopped" >&2
    ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
