# Shared shell helpers for audiodev's scripts (sourced, not run).
# shellcheck shell=bash

AUDIODEV_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DENO_VERSION="2.9.6"

# Runs a command as root (directly, or through sudo when available).
as_root() {
  if [ "$(id -u)" = "0" ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "need root to run: $*" >&2; return 1
  fi
}

# Prints the deno binary to use: one on PATH, else the project-local one.
find_deno() {
  if command -v deno >/dev/null 2>&1; then command -v deno
  elif [ -x "$AUDIODEV_ROOT/.deno/node_modules/.bin/deno" ]; then echo "$AUDIODEV_ROOT/.deno/node_modules/.bin/deno"
  fi
}

# Prints 0 when a Debian package is installed.
pkg_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}
