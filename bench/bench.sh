#!/usr/bin/env bash
# Builds synthetic sites of 1,000, 10,000 and 100,000 sprints and reports, for each, the wall
# time, the time per sprint page, the peak memory (/usr/bin/time -v) and sprintgen's per-phase
# timings (-v), for two builds:
#   clean    no previous output: every file is created;
#   rebuild  the same site built again, as users do: sprintgen writes into the output it kept
#            from the build before and rewrites only files whose bytes changed.
# Every page is rendered in both. Sizes can be chosen: bench/bench.sh 1000 10000
# To compare two builds of sprintgen on a shared, noisy machine, name the binary and alternate
# runs: SPRINTGEN=/tmp/before/sprintgen bench/bench.sh 10000, then without it, several times.
#
# Needs: cargo, GNU time (apt-get install time). The sites are cached in $BENCH_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_DIR=${BENCH_DIR:-/tmp/sprintgen-bench}
SIZES=("${@:-1000 10000 100000}")
read -r -a SIZES <<< "${SIZES[*]}"
mkdir -p "$BENCH_DIR"

cargo build --release --locked --quiet --bin sprintgen --example synth
SPRINTGEN=${SPRINTGEN:-$PWD/target/release/sprintgen}
SYNTH=$PWD/target/release/examples/synth

# Runs one build under /usr/bin/time -v and prints its row.
measure() {
  local size=$1 kind=$2 site=$3 out=$4 log="$BENCH_DIR/run-$1-$2.log"
  /usr/bin/time -v "$SPRINTGEN" build -v --root "$site" -o "$out" 2> "$log"
  local wall rss phases
  wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}' | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
  phases=$(grep -E '^[a-z]+ +[0-9.]+ ms$' "$log" | awk '{printf "%s=%sms ", $1, $2}' || true)
  printf '%-9s %-8s %9.2f %14.0f %10.0f  %s\n' "$size" "$kind" "$wall" \
    "$(echo "$wall * 1000000 / $size" | bc -l)" "$(echo "$rss / 1024" | bc -l)" "$phases"
}

printf '%-9s %-8s %9s %14s %10s  %s\n' sprints build "wall (s)" "per page (us)" "peak (MB)" "phases"
# Clean builds go to new folders, deleted only at the end: deleting an output just before a
# build would time the file system instead (on ext4 without a journal every new file then
# skips past each recently deleted inode, seconds at 10,000 sprints).
fresh="$BENCH_DIR/fresh-$$"
mkdir -p "$fresh"
for size in "${SIZES[@]}"; do
  teams=$((size / 50))
  site="$BENCH_DIR/site-$size"
  if [ ! -f "$site/sprintgen.toml" ]; then
    "$SYNTH" --teams "$teams" --sprints 50 --items 20 --seed 1 "$site" 2>/dev/null
  fi
  # Read the sources once so that no build waits for the disk.
  find "$site/content" -name '*.toml' -exec cat {} + > /dev/null
  measure "$size" clean "$site" "$fresh/out-$size"
  # A rebuild writes into the output kept aside by the build before it.
  out="$BENCH_DIR/out-$size"
  "$SPRINTGEN" build -q --root "$site" -o "$out"
  "$SPRINTGEN" build -q --root "$site" -o "$out"
  measure "$size" rebuild "$site" "$out"
done
rm -rf "$fresh"
