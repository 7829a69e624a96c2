#!/usr/bin/env bash
# Builds the edge artifacts (idempotent; cargo and wasm-pack only redo what changed):
#   dist/csv-kernels.wasm   the CLI for wasm32-wasip1 (wasmtime run), optimized and stripped
#   target/release/csv-kernels   the native CLI the edge suites compare against
#   edge/pkg/               the www/ wasm-bindgen package built --target web, for the Worker
#   dist/csv-kernels-serve.wasm   the wasi:http component for `wasmtime serve` (edge/serve)
# Usage: build-edge.sh [wasi|worker|serve|all]   (default all)
set -euo pipefail
cd "$(dirname "$0")/.."
# wasm-opt from npm (binaryen 132): Debian's binaryen 108 breaks wasm-bindgen output.
export PATH="$PWD/node_modules/.bin:$PATH"
what=${1:-all}
# Every wasm build uses opt-level 2; scripts/build-web.sh says why (native stays at 3).
wasm_opt_level=2
# cargo's output directory: CARGO_TARGET_DIR when set.
target_dir=$(realpath -m "${CARGO_TARGET_DIR:-target}")

build_wasi() {
  cargo build --release --quiet --bin csv-kernels
  CARGO_PROFILE_RELEASE_OPT_LEVEL=$wasm_opt_level \
    cargo build --release --quiet --target wasm32-wasip1 --bin csv-kernels
  local raw=$target_dir/wasm32-wasip1/release/csv-kernels.wasm out=dist/csv-kernels.wasm
  mkdir -p dist
  if [ ! -f "$out" ] || [ "$raw" -nt "$out" ]; then
    # -O3 on top of rustc's LTO gains little speed; the strip drops ~40 KB of names.
    wasm-opt -O3 --enable-simd --strip-debug --strip-producers "$raw" -o "$out"
  fi
  echo "built $out ($(wc -c <"$out") bytes)"
}

build_worker() {
  if [ ! -f www/Cargo.toml ]; then
    echo "build-edge: www/Cargo.toml is missing: the Worker needs the browser door's crate" >&2
    exit 1
  fi
  # Our own out-dir, so the browser door's www/pkg is never overwritten under its feet.
  CARGO_PROFILE_RELEASE_OPT_LEVEL=$wasm_opt_level \
    wasm-pack --quiet build www --release --target web --out-dir ../edge/pkg --no-pack
  echo "built edge/pkg ($(wc -c <edge/pkg/*_bg.wasm) bytes of wasm)"
}

build_serve() {
  # edge/serve is a workspace member that builds only for wasm32-wasip2; stripped, as a
  # component is shipped.
  CARGO_PROFILE_RELEASE_OPT_LEVEL=$wasm_opt_level CARGO_PROFILE_RELEASE_STRIP=true \
    cargo build --release --quiet --locked -p csv-kernels-serve --target wasm32-wasip2
  mkdir -p dist
  cp "$target_dir/wasm32-wasip2/release/csv-kernels-serve.wasm" dist/csv-kernels-serve.wasm
  echo "built dist/csv-kernels-serve.wasm ($(wc -c <dist/csv-kernels-serve.wasm) bytes)"
}

case $what in
  wasi) build_wasi ;;
  worker) build_worker ;;
  serve) build_serve ;;
  all) build_wasi; build_worker; build_serve ;;
  *) echo "usage: build-edge.sh [wasi|worker|serve|all]" >&2; exit 2 ;;
esac
