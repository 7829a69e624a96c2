#!/usr/bin/env bash
# Idempotent set-up for a fresh machine of this kind (Debian 12, rustup stable, Node 20,
# Python 3): installs only what is missing and prints what it does.
#   setup.sh core   what the core and the native CLI need
#   setup.sh all    everything every suite needs (`npm test`): core + web + python + edge + notebook
#   setup.sh DOOR   core + one door (web, python, edge, notebook): scripts/setup-DOOR.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

DOORS=(web python edge notebook)
target=${1:-all}
# wasip1: the core's tests under wasmtime; wasip2: clippy of edge/serve in scripts/test-rust.sh.
rust_targets wasm32-wasip1 wasm32-wasip2
# The completion tests (tests/completions.rs) drive each script in its real shell.
apt_pkg zsh fish
npm_deps
case $target in
  core) ;;
  all) for door in "${DOORS[@]}"; do source "scripts/setup-$door.sh"; done ;;
  *) source "scripts/setup-$target.sh" ;;
esac
say "done ($target)"
