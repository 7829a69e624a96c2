#!/usr/bin/env bash
# Load on the edge doors, loopback only: `npm run soak [-- --requests N --seconds S ...]`.
# Builds what is missing (the native CLI for the expected bytes, the Worker's package, the
# wasi:http component when wasmtime is installed), then runs edge/soak.mjs, which says what
# it measures. Exit 0 only if every answer was exact and no server grew or fell over.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
cargo build --release --quiet --bin csv-kernels
[ -f edge/pkg/csv_kernels_web_bg.wasm ] || bash scripts/build-edge.sh worker
if command -v wasmtime >/dev/null; then
  [ -f dist/csv-kernels-serve.wasm ] || bash scripts/build-edge.sh serve
fi
exec node edge/soak.mjs "$@"
