#!/usr/bin/env bash
# Runs sprintgen with the GitHub Action's `args` (action.yml), as words and never as shell code:
# the text is split at blanks, with '…' and "…" keeping a word's blanks and a backslash taking
# the next character as it is (as xargs reads its input), and nothing in it is expanded or run
# (no variables, globs, `;`, `|`, `&&`, `$(…)`, redirections). So a value the workflow puts in
# `args` (`${{ … }}`) can at most become an argument of sprintgen.
#
# Environment: ARGS (the input), SPRINTGEN (default sprintgen: the command to run).
set -euo pipefail

words=()
if [[ -n ${ARGS//[[:space:]]/} ]]; then
  list=$(mktemp)
  if ! printf '%s' "$ARGS" | xargs printf '%s\0' > "$list"; then
    rm -f "$list"
    echo "::error::cannot read the action's 'args' as words (an unmatched quote?)" >&2
    exit 2
  fi
  mapfile -d '' words < "$list"
  rm -f "$list"
fi
exec "${SPRINTGEN:-sprintgen}" "${words[@]}"
