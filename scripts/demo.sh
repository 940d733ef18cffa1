#!/usr/bin/env bash
# The main job: set up what is missing, list the devices, play a tone
# through the default output device. Stops the sound server only if it
# started it.
set -euo pipefail
# shellcheck source=scripts/_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/_lib.sh"
cd "$AUDIODEV_ROOT"

DENO="$(bash scripts/setup.sh | tail -n 1)"
started=""
if ! bash scripts/sound_server.sh status >/dev/null 2>&1; then
  bash scripts/sound_server.sh start
  started=1
fi
eval "$(bash scripts/sound_server.sh env)"
cleanup() { [ -n "$started" ] && bash scripts/sound_server.sh stop || true; }
trap cleanup EXIT

"$DENO" run -A cli.ts
"$DENO" run -A examples/tone.ts "$@"
