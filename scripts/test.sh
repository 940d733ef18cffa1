#!/usr/bin/env bash
# Every gate and every test. Installs what is missing, starts the virtual
# sound device if no sound server answers (and stops it at the end), then:
#   gates: deno check, deno check --doc, deno check --doc-only (README, docs),
#          deno lint, deno fmt --check,
#          deno doc --lint, deno publish --dry-run
#   tests: deno test -A tests/ -- --hardware (tests/jack_test.ts in a second
#          process of its own; extra arguments go to one deno test instead)
# Each gate counts as one check, each test case as one. The last line is
# "N passed, N failed"; the exit code is non-zero when anything failed.
set -uo pipefail
# shellcheck source=scripts/_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/_lib.sh"
cd "$AUDIODEV_ROOT"
export NO_COLOR=1

DENO="$(bash scripts/setup.sh | tail -n 1)" || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
started=""
if ! bash scripts/sound_server.sh status >/dev/null 2>&1; then
  bash scripts/sound_server.sh start && started=1
fi
eval "$(bash scripts/sound_server.sh env)"
# A private JACK server (dummy backend) for tests/jack_test.ts, named by
# AUDIODEV_JACK_SERVER (only that test file points PortAudio at it).
jack_started=""
if ! bash scripts/jack_server.sh status >/dev/null 2>&1; then
  bash scripts/jack_server.sh start >/dev/null 2>&1 && jack_started=1
fi
eval "$(bash scripts/jack_server.sh env)"
cleanup() {
  [ -n "$started" ] && bash scripts/sound_server.sh stop >/dev/null 2>&1
  [ -n "$jack_started" ] && bash scripts/jack_server.sh stop >/dev/null 2>&1
  true
}
trap cleanup EXIT

passed=0
failed=0
LOG_DIR="$AUDIODEV_ROOT/.tmp/test-logs"
mkdir -p "$LOG_DIR"

gate() { # name, command...
  local name="$1"; shift
  local log="$LOG_DIR/gate-${name// /_}.log"
  if timeout 900 "$@" >"$log" 2>&1; then
    echo "gate $name ... ok"; passed=$((passed + 1))
  else
    echo "gate $name ... FAILED"; tail -40 "$log" | sed 's/^/    /'; failed=$((failed + 1))
  fi
}

entries=()
for f in mod.ts alsa.ts mixer/mod.ts oss.ts soundfile.ts cli.ts; do [ -f "$f" ] && entries+=("$f"); done
check_targets=("${entries[@]}")
for d in examples tests benchmarks; do [ -d "$d" ] && check_targets+=("$d"); done

gate "check" "$DENO" check "${check_targets[@]}"
gate "check-doc" "$DENO" check --doc "${entries[@]}"
gate "check-doc-markdown" "$DENO" check --doc-only README.md docs/*.md
gate "lint" "$DENO" lint
gate "fmt" "$DENO" fmt --check
gate "doc-lint" "$DENO" doc --lint "${entries[@]}"
gate "publish-dry-run" "$DENO" publish --dry-run --allow-dirty

# One deno test run; adds its counts to passed/failed.
run_tests() { # log name, deno test arguments...
  local test_log="$LOG_DIR/$1"; shift
  timeout 4200 "$DENO" test -A --no-check "$@" -- --hardware 2>&1 | tee "$test_log"
  local status=${PIPESTATUS[0]} summary t_passed t_failed
  summary="$(grep -E '^(ok|FAILED) \| [0-9]+ passed' "$test_log" | tail -n 1)"
  if [ -n "$summary" ]; then
    t_passed="$(sed -E 's/.*\| ([0-9]+) passed.*/\1/' <<<"$summary")"
    t_failed="$(sed -E 's/.*\| ([0-9]+) failed.*/\1/' <<<"$summary")"
    [[ "$t_failed" =~ ^[0-9]+$ ]] || t_failed=0
    # A non-zero exit with no failed test means deno itself failed (e.g. a file did not load).
    if [ "$status" -ne 0 ] && [ "$t_failed" -eq 0 ]; then t_failed=1; fi
  else
    # No summary: deno crashed or was killed. Count what finished, plus the crash.
    t_passed="$(grep -cE '^[^ ].* \.\.\. ok' "$test_log")"
    t_failed="$(( $(grep -cE '^[^ ].* \.\.\. FAILED' "$test_log") + 1 ))"
    echo "deno test ended without a summary (exit $status): counted as a failure"
  fi
  passed=$((passed + t_passed))
  failed=$((failed + t_failed))
}

if [ $# -gt 0 ]; then
  run_tests deno-test.log "$@"
else
  # The JACK tests point this process's PortAudio at the private JACK server
  # (process-wide, for good): they run in a deno test process of their own.
  run_tests deno-test.log --ignore=tests/jack_test.ts tests/
  run_tests deno-test-jack.log tests/jack_test.ts
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
