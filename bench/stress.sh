#!/usr/bin/env bash
# Stress test of the output's safety: two builds into the same output start together, over and
# over, and one of them is killed (SIGKILL) at a random moment. After every round `public/`
# must be a complete site (the one of either build, byte for byte) or, right after a kill
# between moving the old site aside and moving the new one in, missing; the next build must
# then bring it back; and the user's files in `public/` (`.git/`, `.canary`) must survive.
#   bench/stress.sh           # 200 rounds
#   bench/stress.sh 1000      # more rounds
#
# Needs: cargo, sha256sum. The site (examples/synth.rs, 20 teams x 10 sprints) and the work
# folders are in $STRESS_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${1:-200}
STRESS_DIR=${STRESS_DIR:-/tmp/sprintgen-stress}
rm -rf "$STRESS_DIR"
mkdir -p "$STRESS_DIR"

cargo build --release --locked --quiet --bin sprintgen --example synth
# SPRINTGEN=path/to/another/build runs the same rounds against another build.
SPRINTGEN=${SPRINTGEN:-$PWD/target/release/sprintgen}
site="$STRESS_DIR/site"
target/release/examples/synth --teams 20 --sprints 10 --items 20 --seed 7 "$site" 2>/dev/null

# Two different sites from the same sources: as of two different days.
DAYS=(2020-04-30 2020-05-01)
# The digest of a site: every file's path and bytes, the user's files left out.
digest() {
  (cd "$1" && find . -type f ! -path './.git/*' ! -name .canary -print0 | sort -z |
    xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
}
declare -A expected
for day in "${DAYS[@]}"; do
  "$SPRINTGEN" build -q --root "$site" --as-of "$day" -o "$STRESS_DIR/ref-$day"
  expected[$(digest "$STRESS_DIR/ref-$day")]=$day
done

public="$site/public"
"$SPRINTGEN" build -q --root "$site" --as-of "${DAYS[0]}"
mkdir -p "$public/.git"
echo "ref: refs/heads/gh-pages" > "$public/.git/HEAD"
echo "tweet" > "$public/.canary"

# The time one build takes, to spread the kills over it.
start=$(date +%s%N)
"$SPRINTGEN" build -q --root "$site" --as-of "${DAYS[0]}"
build_ms=$(( ($(date +%s%N) - start) / 1000000 ))

check_public() {
  local when=$1
  if [ ! -d "$public" ]; then
    echo "FAIL ($when): public/ is missing" >&2
    exit 1
  fi
  local sum
  sum=$(digest "$public")
  if [ -z "${expected[$sum]:-}" ]; then
    echo "FAIL ($when): public/ is not a complete site" >&2
    exit 1
  fi
  if [ "$(cat "$public/.canary" 2>/dev/null)" != tweet ] || [ ! -f "$public/.git/HEAD" ]; then
    echo "FAIL ($when): the user's files in public/ were lost" >&2
    exit 1
  fi
}

kills=0 missing=0 completed=0 waited=0
for round in $(seq 1 "$ROUNDS"); do
  log_a="$STRESS_DIR/a.log" log_b="$STRESS_DIR/b.log"
  "$SPRINTGEN" build -q --root "$site" --as-of "${DAYS[0]}" 2> "$log_a" & a=$!
  "$SPRINTGEN" build -q --root "$site" --as-of "${DAYS[1]}" 2> "$log_b" & b=$!
  # Kill one of them at a random moment within twice a build's time.
  sleep "$(awk -v r="$RANDOM" -v ms="$build_ms" 'BEGIN { printf "%.3f", r / 32767 * 2 * ms / 1000 }')"
  victim=$([ $((RANDOM % 2)) = 0 ] && echo "$a" || echo "$b")
  kill -9 "$victim" 2>/dev/null || true
  for pid in $a $b; do
    status=0
    { wait "$pid"; } 2>/dev/null || status=$?
    case $status in
      0) completed=$((completed + 1)) ;;
      137) kills=$((kills + 1)) ;;
      *) echo "FAIL (round $round): a build exited with $status" >&2; cat "$log_a" "$log_b" >&2; exit 1 ;;
    esac
  done
  if grep -qh "waiting for another sprintgen build" "$log_a" "$log_b"; then
    waited=$((waited + 1))
  fi
  if [ ! -d "$public" ]; then
    # Killed between the two renames of the swap: the next build puts a site back.
    missing=$((missing + 1))
    "$SPRINTGEN" build -q --root "$site" --as-of "${DAYS[0]}"
    check_public "round $round, after the build that recovered"
  else
    check_public "round $round"
  fi
done

leftovers=$(find "$site" -maxdepth 1 -name '.public.sprintgen-*' ! -name '.public.sprintgen-previous' ! -name '.public.sprintgen-lock' | wc -l)
echo "rounds: $ROUNDS (a build takes about $build_ms ms)"
echo "builds killed: $kills; builds completed: $completed; rounds where a build waited for the other: $waited"
echo "rounds that left public/ missing until the next build: $missing"
echo "public/ was a complete site with the user's files after every round; leftovers now: $leftovers"
