#!/usr/bin/env bash
# Packages the `dist` build of one target for a GitHub release: dist/sprintgen-TARGET.tar.xz
# (Windows: .zip) holding the binary, README.md and LICENSE, and its .sha256 beside it
# ("HASH  NAME", as sha256sum writes it). Used by .github/workflows/release.yml.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: scripts/package-release.sh TARGET}
case "$target" in
  *windows*) binary=sprintgen.exe archive="sprintgen-$target.zip" ;;
  *) binary=sprintgen archive="sprintgen-$target.tar.xz" ;;
esac

stage=$(mktemp -d)
cp "target/$target/dist/$binary" README.md LICENSE "$stage/"
mkdir -p dist
case "$archive" in
  *.zip) (cd "$stage" && 7z a -tzip -bd "$OLDPWD/dist/$archive" ./* > /dev/null) ;;
  *) tar -C "$stage" -cJf "dist/$archive" "$binary" README.md LICENSE ;;
esac

cd dist
if command -v sha256sum > /dev/null; then
  sha256sum "$archive" > "$archive.sha256"
else
  shasum -a 256 "$archive" > "$archive.sha256"
fi
cat "$archive.sha256"
