#!/usr/bin/env bash
# Installs sprintgen for the GitHub Action (action.yml): downloads the release binary for this
# runner, checks it against the release's SHA-256, and puts it on PATH. Where there is no
# binary for the runner (or the release has none), it says so in `fallback=true` on
# $GITHUB_OUTPUT, and the action builds sprintgen with cargo instead: from the release's tag
# (`build-from=tag`), or, when the version came from the action's own Cargo.toml, from the
# action's own checkout (`build-from=path`), which is exactly the code of its ref.
#
# Environment: INPUT_VERSION (a tag such as v0.2.0, `latest`, or empty), ACTION_REF (the ref
# the action was used at), GITHUB_ACTION_PATH (the action's own checkout), REPOSITORY
# (owner/name), GH_TOKEN (for the releases API), RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP,
# GITHUB_PATH, GITHUB_OUTPUT; DOWNLOAD_BASE (default https://github.com) and API_BASE (default
# https://api.github.com) let tests/action.rs serve releases from a folder.
#
# The release installed is the one the action's own ref matches: the `version` input, else the
# tag the action was used at, else (used at a commit or a branch) the version its own
# Cargo.toml names; the latest release only when `version: latest` asks for it. Releases are
# immutable (.github/workflows/release.yml never replaces an asset), so the checksum beside a
# binary is the one published with it.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
semver='^v[0-9]+\.[0-9]+\.[0-9]+$'

# The version of the action's own source, from its Cargo.toml (the first `version` line, which
# is the package's).
own_version() {
  local manifest=${GITHUB_ACTION_PATH:-$here/..}/Cargo.toml
  [[ -f $manifest ]] && sed -n 's/^version = "\([0-9][0-9.]*\)"$/v\1/p' "$manifest" | head -n 1
}

version=${INPUT_VERSION:-}
if [[ -n $version && $version != latest && ! $version =~ $semver ]]; then
  echo "::error::the 'version' input must be a release tag such as v1.2.3, or latest" >&2
  exit 1
fi
if [[ -z $version && ${ACTION_REF:-} =~ $semver ]]; then
  version=$ACTION_REF
fi
build_from=tag
if [[ -z $version ]]; then
  version=$(own_version || true)
  build_from=path
fi
if [[ $version == latest ]]; then
  auth=()
  if [[ -n ${GH_TOKEN:-} ]]; then
    auth=(-H "Authorization: Bearer $GH_TOKEN")
  fi
  version=$(curl -fsSL "${auth[@]}" "${API_BASE:-https://api.github.com}/repos/$REPOSITORY/releases/latest" |
    sed -n 's/.*"tag_name": *"\([^"]*\)".*/\1/p' | head -n 1)
fi
# Whatever its source, only a plain tag goes into a URL or $GITHUB_OUTPUT.
if [[ ! $version =~ $semver ]]; then
  echo "::error::cannot tell which sprintgen release to install; set the action's 'version' input to a tag such as v1.2.3" >&2
  exit 1
fi
echo "version=$version" >> "$GITHUB_OUTPUT"

if ! target=$("$here/action-target.sh"); then
  printf 'fallback=true\nbuild-from=%s\n' "$build_from" >> "$GITHUB_OUTPUT"
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
  printf 'fallback=true\nbuild-from=%s\n' "$build_from" >> "$GITHUB_OUTPUT"
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
