#!/usr/bin/env bash
# Builds synthetic sites of 1,000, 10,000 and 100,000 sprints and reports, for each, the wall
# time, the time per sprint page, the peak memory (/usr/bin/time -v) and sprintgen's per-phase
# timings (-v). Sizes can be chosen: bench/bench.sh 1000 10000
#
# Needs: cargo, GNU time (apt-get install time). The sites are cached in $BENCH_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_DIR=${BENCH_DIR:-/tmp/sprintgen-bench}
SIZES=("${@:-1000 10000 100000}")
read -r -a SIZES <<< "${SIZES[*]}"
mkdir -p "$BENCH_DIR"

cargo build --release --locked --quiet --bin sprintgen --example synth
SPRINTGEN=$PWD/target/release/sprintgen
SYNTH=$PWD/target/release/examples/synth

printf '%-9s %10s %14s %12s %s\n' sprints "wall (s)" "per page (us)" "peak (MB)" "phases"
for size in "${SIZES[@]}"; do
  teams=$((size / 50))
  site="$BENCH_DIR/site-$size"
  if [ ! -f "$site/sprintgen.toml" ]; then
    "$SYNTH" --teams "$teams" --sprints 50 --items 20 --seed 1 "$site" 2>/dev/null
  fi
  out="$BENCH_DIR/out-$size"
  rm -rf "$out"
  # A cold first run fills the page cache; the second is measured.
  "$SPRINTGEN" build -q --root "$site" -o "$out"
  rm -rf "$out"
  /usr/bin/time -v "$SPRINTGEN" build -v --root "$site" -o "$out" 2> "$BENCH_DIR/run-$size.log"
  wall=$(grep 'Elapsed (wall clock)' "$BENCH_DIR/run-$size.log" | awk '{print $NF}' | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  rss=$(grep 'Maximum resident set size' "$BENCH_DIR/run-$size.log" | awk '{print $NF}')
  phases=$(grep -E '^[a-z]+ +[0-9.]+ ms$' "$BENCH_DIR/run-$size.log" | awk '{printf "%s=%sms ", $1, $2}' || true)
  printf '%-9s %10.2f %14.0f %12.0f %s\n' "$size" "$wall" "$(echo "$wall * 1000000 / $size" | bc -l)" "$(echo "$rss / 1024" | bc -l)" "$phases"
done
