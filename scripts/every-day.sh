#!/usr/bin/env bash
# Runs the whole test suite as of each of seven consecutive days (a whole week, weekend
# included), to show that nothing in sprintgen or its tests depends on the day it runs.
# Each run sets the day twice over: SPRINTGEN_TEST_TODAY is the "today" the tests give the
# binary (as SOURCE_DATE_EPOCH), and, when faketime is installed (Debian: `apt install
# faketime`), the machine's wall clock itself reads that day for the test binaries and every
# sprintgen they start, so a code path that read the clock instead of the injected day would
# fail on one of them. Exits 1 if any day fails.
#
#   scripts/every-day.sh [FIRST_DAY]     # default: Monday 2026-11-30, to Sunday 2026-12-06
#
# The test binaries run directly (cargo builds them first, on the real clock): cargo and
# rustdoc are not run under faketime, which can hang them.
set -euo pipefail
cd "$(dirname "$0")/.."

first=${1:-2026-11-30}
mapfile -t binaries < <(cargo test --locked --no-run --message-format=json 2> /dev/null |
  python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["profile"]["test"]:
        print(m["executable"])')
clock=()
if command -v faketime > /dev/null 2>&1; then
  # The wall clock starts at the day and runs on; the monotonic clock (timeouts, the file
  # watcher's quiet period) stays real.
  export FAKETIME_DONT_FAKE_MONOTONIC=1
  clock=(faketime -f)
else
  echo "faketime is not installed: only the injected day changes, not the clock" >&2
fi
failed=()
for offset in 0 1 2 3 4 5 6; do
  day=$(date -u -d "$first + $offset days" +%F)
  log=$(mktemp)
  status=passed
  for binary in "${binaries[@]}"; do
    run=("$binary")
    if ((${#clock[@]})); then run=("${clock[@]}" "@$day 09:30:00" "$binary"); fi
    if ! SPRINTGEN_TEST_TODAY=$day "${run[@]}" >> "$log" 2>&1; then
      status=FAILED
    fi
  done
  if [[ $status == FAILED ]]; then
    failed+=("$day")
    grep -E 'panicked|FAILED' "$log" >&2 || true
  fi
  passed=$(grep -oE '[0-9]+ passed' "$log" | awk '{n += $1} END {print n + 0}')
  echo "$day $(date -u -d "$day" +%A): $status ($passed tests passed)"
  rm -f "$log"
done
if ((${#failed[@]})); then
  echo "failed as of: ${failed[*]}" >&2
  exit 1
fi
