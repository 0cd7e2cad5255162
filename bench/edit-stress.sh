#!/usr/bin/env bash
# Stress test of editing safety: two commands that change the same sprint file start together,
# over and over, and in half of the rounds one of them is killed (SIGKILL) at a random moment.
# Writer A adds an item (`item add A<round>`); writer B in turn adds one (`item add B<round>`),
# re-imports the tracker's export into the file (`import --update`, which rewrites the whole
# file from what it read) or formats the site (`fmt`, likewise). A change is *lost* when its
# command reported success and the file does not hold it, then or after any later round.
# After every round the site must pass `check`; the temporary file of a killed write must be
# gone once the next command has run.
#   bench/edit-stress.sh           # 100 rounds
#   bench/edit-stress.sh 300       # more rounds
#
# Needs: cargo. The site (the Linear import fixture, imported) is in $STRESS_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${1:-100}
STRESS_DIR=${STRESS_DIR:-/tmp/sprintgen-edit-stress}
rm -rf "$STRESS_DIR"
mkdir -p "$STRESS_DIR"

cargo build --release --locked --quiet --bin sprintgen
# SPRINTGEN=path/to/another/build runs the same rounds against another build.
SPRINTGEN=${SPRINTGEN:-$PWD/target/release/sprintgen}
export=$PWD/tests/fixtures/import/linear/issues.csv
site="$STRESS_DIR/site"
cp -r tests/fixtures/import/linear/site "$site"
"$SPRINTGEN" import linear "$export" --team web --root "$site" > /dev/null
file="$site/content/web/sprint-03.toml"

add() { # add ID: an item of sprint 3, on a day inside it (the sprint is closed by now)
  "$SPRINTGEN" item add "$1" --title "Item $1" --points 1 --team web --sprint 3 \
    --on 2026-03-10 --force --root "$site"
}
writer_b() { # writer_b ROUND
  case $(($1 % 3)) in
    0) add "B$1" ;;
    1) "$SPRINTGEN" import linear "$export" --team web --update --root "$site" ;;
    2) "$SPRINTGEN" fmt --root "$site" ;;
  esac
}
leftovers() { find "$site" -name '.*.toml.sprintgen-*' | wc -l; }

# The time one command takes, to spread the kills over it.
start=$(date +%s%N)
add warmup > /dev/null
command_ms=$(( ($(date +%s%N) - start) / 1000000 ))

kept=() # the items whose command reported success
lost=0 succeeded=0 refused=0 killed=0 waited=0 left_behind=0
for round in $(seq 1 "$ROUNDS"); do
  log_a="$STRESS_DIR/a.log" log_b="$STRESS_DIR/b.log"
  add "A$round" > /dev/null 2> "$log_a" & a=$!
  writer_b "$round" > /dev/null 2> "$log_b" & b=$!
  victim=
  if ((RANDOM % 2)); then
    sleep "$(awk -v r="$RANDOM" -v ms="$command_ms" 'BEGIN { printf "%.3f", r / 32767 * 2 * ms / 1000 }')"
    victim=$([ $((RANDOM % 2)) = 0 ] && echo "$a" || echo "$b")
    kill -9 "$victim" 2> /dev/null || true
  fi
  for pid in $a $b; do
    status=0
    { wait "$pid"; } 2> /dev/null || status=$?
    if [ "$status" = 137 ] && [ "$pid" = "$victim" ]; then
      killed=$((killed + 1))
    elif [ "$status" = 0 ]; then
      succeeded=$((succeeded + 1))
      if [ "$pid" = "$a" ]; then kept+=("A$round"); fi
      if [ "$pid" = "$b" ] && [ $((round % 3)) = 0 ]; then kept+=("B$round"); fi
    else
      refused=$((refused + 1))
      log=$([ "$pid" = "$a" ] && echo "$log_a" || echo "$log_b")
      echo "round $round: a command failed ($status): $(head -c 300 "$log")" >&2
    fi
  done
  grep -q "waiting for another sprintgen command" "$log_a" "$log_b" && waited=$((waited + 1))
  left_behind=$((left_behind + $(leftovers)))
  for id in "${kept[@]}"; do
    [ -n "$id" ] || continue
    if ! grep -q "^id = \"$id\"$" "$file"; then
      echo "LOST in round $round: $id was reported written and is not in the file" >&2
      lost=$((lost + 1))
      kept=("${kept[@]/$id/}")
    fi
  done
  if ! "$SPRINTGEN" check --root "$site" > /dev/null 2>&1; then
    echo "FAIL (round $round): the site does not pass check" >&2
    "$SPRINTGEN" check --root "$site" >&2 || true
    exit 1
  fi
done
add final > /dev/null 2>&1
after=$(leftovers)

echo "$ROUNDS rounds: $succeeded commands succeeded, $killed killed, $refused refused;" \
  "$waited rounds where one waited for the other's lock"
echo "temporary files of killed writes seen after a round: $left_behind; left after the next command: $after"
echo "lost updates: $lost"
if [ "$lost" != 0 ] || [ "$refused" != 0 ] || [ "$after" != 0 ]; then
  exit 1
fi
