#!/usr/bin/env bash
# Installs what audiodev needs on a Debian machine, only what is missing:
# Deno (from npm, pinned, into .deno/) and the Debian packages below.
# Safe to run twice, from any directory. Prints the deno path on the last line.
set -euo pipefail
# shellcheck source=scripts/_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/_lib.sh"

PACKAGES=(libportaudio2 portaudio19-dev libasound2 libasound2-dev libasound2-plugins alsa-utils
  pulseaudio pulseaudio-utils libpulsedsp sox libsndfile1 libsndfile1-dev python3-pyaudio gcc libc6-dev
  util-linux procps ffmpeg jackd2 strace)
OPTIONAL=(chromium)

missing=()
for p in "${PACKAGES[@]}"; do pkg_installed "$p" || missing+=("$p"); done
missing_opt=()
for p in "${OPTIONAL[@]}"; do pkg_installed "$p" || missing_opt+=("$p"); done

if [ ${#missing[@]} -gt 0 ] || [ ${#missing_opt[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]} ${missing_opt[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  log="$(mktemp)"
  if ! as_root apt-get update -qq >"$log" 2>&1; then cat "$log" >&2; exit 1; fi
  if [ ${#missing[@]} -gt 0 ]; then
    if ! as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
      tail -30 "$log" >&2; exit 1
    fi
  fi
  if [ ${#missing_opt[@]} -gt 0 ]; then
    as_root apt-get install -y -qq --no-install-recommends "${missing_opt[@]}" >"$log" 2>&1 ||
      echo "setup: optional packages not installed (${missing_opt[*]}); browser tests will be skipped" >&2
  fi
  rm -f "$log"
fi

deno="$(find_deno)"
if [ -z "$deno" ]; then
  echo "setup: installing Deno $DENO_VERSION from npm into .deno/" >&2
  command -v npm >/dev/null 2>&1 || { echo "setup: npm is needed to install Deno" >&2; exit 1; }
  mkdir -p "$AUDIODEV_ROOT/.deno"
  npm install --prefix "$AUDIODEV_ROOT/.deno" --no-audit --no-fund --loglevel=error "deno@$DENO_VERSION" >&2
  deno="$(find_deno)"
  [ -n "$deno" ] || { echo "setup: Deno installation failed" >&2; exit 1; }
fi
echo "$deno"
