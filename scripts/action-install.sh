#!/usr/bin/env bash
# Installs sprintgen for the GitHub Action (action.yml): downloads the release binary for this
# runner, checks it against the release's SHA-256, and puts it on PATH. Where there is no
# binary for the runner (or the release has none), it says so in `fallback=true` on
# $GITHUB_OUTPUT, and the action builds sprintgen with cargo instead.
#
# Environment: INPUT_VERSION (a tag such as v0.2.0, or empty), ACTION_REF (the ref the action
# was used at), REPOSITORY (owner/name), GH_TOKEN (for the releases API), RUNNER_OS,
# RUNNER_ARCH, RUNNER_TEMP, GITHUB_PATH, GITHUB_OUTPUT; DOWNLOAD_BASE (default
# https://github.com) lets tests/action.rs serve releases from a folder.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# The version: the input, else the tag the action was used at, else the latest release.
version=${INPUT_VERSION:-}
if [[ -z $version && ${ACTION_REF:-} =~ ^v[0-9]+\.[0-9]+\.[0-9]+ ]]; then
  version=$ACTION_REF
fi
if [[ -z $version ]]; then
  auth=()
  if [[ -n ${GH_TOKEN:-} ]]; then
    auth=(-H "Authorization: Bearer $GH_TOKEN")
  fi
  version=$(curl -fsSL "${auth[@]}" "https://api.github.com/repos/$REPOSITORY/releases/latest" |
    sed -n 's/.*"tag_name": *"\([^"]*\)".*/\1/p' | head -n 1)
fi
if [[ -z $version ]]; then
  echo "::error::cannot tell which sprintgen release to install; set the action's 'version' input" >&2
  exit 1
fi
echo "version=$version" >> "$GITHUB_OUTPUT"

if ! target=$("$here/action-target.sh"); then
  echo "fallback=true" >> "$GITHUB_OUTPUT"
  exit 0
fi
case "$target" in
  *windows*) archive="sprintgen-$target.zip" binary=sprintgen.exe ;;
  *) archive="sprintgen-$target.tar.xz" binary=sprintgen ;;
esac
url="${DOWNLOAD_BASE:-https://github.com}/$REPOSITORY/releases/download/$version/$archive"
dir="$RUNNER_TEMP/sprintgen-$version"
mkdir -p "$dir"
cd "$dir"
if ! curl -fsSL -o "$archive" "$url" || ! curl -fsSL -o "$archive.sha256" "$url.sha256"; then
  echo "::warning::no sprintgen $version binary for $target at $url; building it from source"
  echo "fallback=true" >> "$GITHUB_OUTPUT"
  exit 0
fi
expected=$(cut -d ' ' -f 1 < "$archive.sha256")
if command -v sha256sum > /dev/null; then
  actual=$(sha256sum "$archive" | cut -d ' ' -f 1)
else
  actual=$(shasum -a 256 "$archive" | cut -d ' ' -f 1)
fi
if [[ $expected != "$actual" ]]; then
  echo "::error::$archive does not match its checksum (expected $expected, got $actual)" >&2
  exit 1
fi
case "$archive" in
  *.zip) unzip -q -o "$archive" ;;
  *) tar -xJf "$archive" ;;
esac
chmod +x "$binary"
echo "$dir" >> "$GITHUB_PATH"
echo "fallback=false" >> "$GITHUB_OUTPUT"
echo "installed sprintgen $version ($target)"
