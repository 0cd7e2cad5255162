#!/usr/bin/env bash
# One sprint with many items: the build time must grow linearly with the items of a sprint.
# For each size (25,000, 50,000 and 100,000 items by default) it generates a site of one team
# with one active sprint (examples/synth.rs) and prints the wall time of `sprintgen build`,
# its CPU time (user + system: steadier than wall time on a busy machine), its contexts phase
# (building the sprint page's values, CPU) and the peak memory.
#   bench/big-sprint.sh                 # 25000 50000 100000 items, 4 epics
#   EPICS=0 bench/big-sprint.sh 100000  # every item in an epic of its own
#
# Needs: cargo, GNU time (apt-get install time). The sites are cached in $BENCH_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_DIR=${BENCH_DIR:-/tmp/sprintgen-bench}
SPRINTGEN=${SPRINTGEN:-}
EPICS=${EPICS:-4}
SIZES=("${@:-25000 50000 100000}")
read -r -a SIZES <<< "${SIZES[*]}"
mkdir -p "$BENCH_DIR"

cargo build --release --locked --quiet --bin sprintgen --example synth
# SPRINTGEN=path/to/another/build compares a build of another commit on the same sites.
SPRINTGEN=${SPRINTGEN:-$PWD/target/release/sprintgen}
SYNTH=$PWD/target/release/examples/synth

printf '%-8s %-7s %9s %9s %15s %10s\n' items epics "wall (s)" "cpu (s)" "contexts (ms)" "peak (MB)"
for size in "${SIZES[@]}"; do
  epics=$EPICS
  [ "$epics" = 0 ] && epics=$size
  site="$BENCH_DIR/big-sprint-$size-$epics"
  if [ ! -f "$site/sprintgen.toml" ]; then
    "$SYNTH" --teams 1 --sprints 1 --items "$size" --epics "$epics" --seed 1 "$site" 2>/dev/null
  fi
  log="$BENCH_DIR/big-sprint-$size-$epics.log"
  /usr/bin/time -v "$SPRINTGEN" build -v --root "$site" -o "$BENCH_DIR/big-sprint-out" 2> "$log"
  wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}' | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
  cpu=$(awk '/User time|System time/ {s += $NF} END {print s}' "$log")
  contexts=$(grep -E '^ +contexts \(cpu\)' "$log" | awk '{print $(NF-1)}')
  printf '%-8s %-7s %9.2f %9.2f %15s %10.0f\n' "$size" "$epics" "$wall" "$cpu" "$contexts" "$(echo "$rss / 1024" | bc -l)"
done
