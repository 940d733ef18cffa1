#!/usr/bin/env bash
# Long fuzz campaign over every public entry point: seeds run in child
# processes, two at a time, each making CALLS random calls with hostile
# arguments and misuse sequences; prints the summary table and the details of
# every crash, stall and hang. Exits 1 when any seed failed.
#
#   scripts/fuzz.sh                 seeds 1-8, 10000 calls each
#   SEEDS=1-16 CALLS=20000 scripts/fuzz.sh
#   scripts/fuzz.sh --json out.json  (extra arguments go to tests/fuzz/campaign.ts)
set -euo pipefail
# shellcheck source=scripts/_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/_lib.sh"
cd "$AUDIODEV_ROOT"
bash scripts/sound_server.sh status >/dev/null 2>&1 || bash scripts/sound_server.sh start
eval "$(bash scripts/sound_server.sh env)"
DENO="${DENO:-$(find_deno)}"
exec "$DENO" run -A --no-check tests/fuzz/campaign.ts \
  --seeds "${SEEDS:-1-8}" --calls "${CALLS:-10000}" --parallel "${PARALLEL:-2}" "$@"
