#!/usr/bin/env bash
# Prints the release target for a GitHub Actions runner, from RUNNER_OS and RUNNER_ARCH (or
# $1 and $2), and exits 1 with a message on a platform without a prebuilt binary; the action
# then builds sprintgen from source. Used by action.yml; tested by tests/action.rs.
set -euo pipefail

os=${1:-${RUNNER_OS:-}}
arch=${2:-${RUNNER_ARCH:-}}

case "$os/$arch" in
  Linux/X64) echo x86_64-unknown-linux-musl ;;
  Linux/ARM64) echo aarch64-unknown-linux-musl ;;
  macOS/X64) echo x86_64-apple-darwin ;;
  macOS/ARM64) echo aarch64-apple-darwin ;;
  Windows/X64) echo x86_64-pc-windows-msvc ;;
  *)
    echo "no prebuilt sprintgen for $os/$arch" >&2
    exit 1
    ;;
esac
