#!/usr/bin/env bash
# Everything sprintgen writes for two sites, into one folder, so that two builds of sprintgen
# can be compared byte for byte (`diff -r`): the example site and a synthetic one (20 teams,
# 12 sprints each, examples/synth.rs) built, checked and reported on. A refactor changes no
# byte of it:
#
#   cargo build --release && scripts/snapshot.sh /tmp/before
#   (change the code)
#   cargo build --release && scripts/snapshot.sh /tmp/after && diff -r /tmp/before /tmp/after
#
# SPRINTGEN names the binary to run (default: target/release/sprintgen). The exact messages of
# every broken fixture are pinned by the test suite (`cargo test --test integration fixtures::`).
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:?usage: scripts/snapshot.sh OUT_DIR}
sprintgen=${SPRINTGEN:-$PWD/target/release/sprintgen}
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --locked --quiet --example synth
target/release/examples/synth --teams 20 --sprints 12 --items 15 "$work/synth" > /dev/null

# Runs sprintgen with its exit code and both streams recorded under $out/$1.
record() {
  local name=$1
  shift
  local code=0
  "$sprintgen" "$@" > "$out/$name.stdout" 2> "$out/$name.stderr" || code=$?
  echo "$code" > "$out/$name.exit"
}

for site in example synth; do
  root=$PWD
  [[ $site == synth ]] && root=$work/synth
  record "$site-check" check --root "$root" --format json
  record "$site-build" build -q --root "$root" -o "$work/$site-public" --base-url https://example.org/r/
  cp -r "$work/$site-public" "$out/$site-public"
  record "$site-summary" report --root "$root" --summary
  record "$site-summary-json" report --root "$root" --summary --format json
done
for team in alphapulse beacon; do
  for sprint in 1 2 3 4 5; do
    record "report-$team-$sprint" report --root . --team "$team" --sprint "$sprint"
    record "report-$team-$sprint-json" report --root . --team "$team" --sprint "$sprint" --format json
  done
done
# diff: the example against a copy with one sprint changed (an item done, one added).
cp -r content sprintgen.toml "$work/"
mkdir -p "$work/head" && cp -r content sprintgen.toml "$work/head/"
sed -i 's/^status = "todo"$/status = "done"\ndone_on = 2025-10-28/' "$work/head/content/alphapulse/sprint-04.toml"
printf '\n[[items]]\nid = "NEW-1"\ntitle = "Added"\npoints = 3\nadded_on = 2025-10-28\n' >> "$work/head/content/alphapulse/sprint-04.toml"
record diff diff --root "$work/head" "$PWD"
# Timings vary; the lines that carry them are left out.
sed -i '/ in [0-9.]* s$/d' "$out"/*.stderr
echo "snapshot in $out: $(find "$out" -type f | wc -l) files"
