#!/usr/bin/env bash
# Validates sprint data with Taplo, the TOML toolkit behind VS Code's Even Better TOML and the
# taplo language server of Helix and Neovim, the way an editor does: by the rules of the
# `.taplo.toml` that `sprintgen schema --write` writes, and by the `#:schema` line of the files
# `sprintgen init` and `sprintgen new` write. Broken files must fail with the schema's message.
#
# Usage: tests/editor/check.sh path/to/sprintgen   (after `npm ci` in tests/editor)
set -euo pipefail
cd "$(dirname "$0")/../.."
sprintgen=$(realpath "$1")
taplo=$(realpath tests/editor/node_modules/.bin/taplo)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "ok: $1"; }
fail() { failed=$((failed + 1)); echo "FAILED: $1" >&2; }

# Lints the given files in folder $1; the output goes to $work/out.
lint() { (cd "$1" && shift && "$taplo" lint "$@") >"$work/out" 2>&1; }

# 1. This repository's example site, by the rules of its .taplo.toml.
if lint . sprintgen.toml content/*/team.toml content/*/sprint*.toml content/releases/*.toml; then
  pass "the example site validates"
else
  fail "the example site fails its schemas"; cat "$work/out" >&2
fi

# 2. A new site and team: by .taplo.toml, then by the #:schema lines alone.
(cd "$work" && "$sprintgen" init site >/dev/null 2>&1 &&
  cd site && "$sprintgen" new team web --name Web >/dev/null 2>&1)
if lint "$work/site"; then pass "a new site validates"; else fail "a new site"; cat "$work/out" >&2; fi
# And one made encrypted: its [publish] table, with a salt of its own.
(cd "$work" && "$sprintgen" init encrypted --encrypt >/dev/null 2>&1)
if lint "$work/encrypted"; then pass "an encrypted new site validates"; else fail "an encrypted new site"; cat "$work/out" >&2; fi
rm "$work/site/.taplo.toml"
echo 'pionts = 1' >>"$work/site/content/my-team/sprint-01.toml"
if ! lint "$work/site" content/my-team/sprint-01.toml &&
  grep -qF "Additional properties are not allowed ('pionts' was unexpected)" "$work/out"; then
  pass "the #:schema line leads to the schema"
else
  fail "the #:schema line"; cat "$work/out" >&2
fi

# 3. Broken files: each mistake with the schema's message.
mkdir "$work/broken"
cp -r content sprintgen.toml .taplo.toml .sprintgen "$work/broken/"
sprint="$work/broken/content/alphapulse/sprint-04.toml"
sed -i 's/^points = 9$/pionts = 9/; s/^status = "open"$/status = "opne"/' "$sprint"
sed -i 's/^start = 2025-10-28$/start = 2025-10-28T10:00:00/; s/^points = 2$/points = -2/' "$sprint"
sed -i '0,/^status = "done"$/s//status = "in-progress"/' "$sprint" # its done_on stays
sed -i 's/^velocity_window = 3$/velocity_window = "three"/' "$work/broken/content/alphapulse/team.toml"
# A link template that forgot where the id goes.
sed -i 's|^item_url = "https://jira.example.com/browse/{id}"$|item_url = "https://jira.example.com/browse/"|' "$work/broken/content/alphapulse/team.toml"
release="$work/broken/content/releases/multi-tenancy-beta.toml"
sed -i 's/^target = /tagret = /; s/^teams = \["alphapulse", "beacon"\]$/teams = ["beacon", "beacon"]/' "$release"
printf '\n[publish]\nsalt = "00ff"\nplaintext = ["feeds"]\n' >>"$work/broken/sprintgen.toml"
if lint "$work/broken"; then
  fail "the broken site validates"
else
  for message in \
    "Additional properties are not allowed ('pionts' was unexpected)" \
    '"opne" is not one of ["open","resolved"]' \
    '"2025-10-28T10:00:00" is not a "date"' \
    "-2 is less than the minimum of 0" \
    '"three" is not of type "integer"' \
    '"done" was expected' \
    "Additional properties are not allowed ('tagret' was unexpected)" \
    '"target" is a required property' \
    'has non-unique elements' \
    '"https://jira.example.com/browse/" does not match' \
    '"00ff" does not match "^[0-9a-fA-F]{32}$"' \
    '"feeds" is not one of'; do
    if grep -qF -- "$message" "$work/out"; then pass "caught: $message"; else fail "missed: $message"; fi
  done
fi

echo "editor: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
