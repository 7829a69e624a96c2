#!/usr/bin/env bash
# Builds the browser door (idempotent: skips what is up to date):
#   www/pkg/    wasm-pack --release --target web package: ES module glue, .wasm, .d.ts, and
#               www/npm/'s package.json (exports: Node entry, browser entry), so it npm-packs
#   dist/web/   the page ready to serve: www/page/* plus the package under pkg/
# Prints the size of the .wasm, raw and gzipped.
set -euo pipefail
cd "$(dirname "$0")/.."
# wasm-opt from npm (binaryen 132) first: Debian's binaryen 108 silently breaks wasm-bindgen output.
export PATH="$PWD/node_modules/.bin:$PATH"
# The wasm builds use opt-level 2, not the release profile's 3: it measured about 4% smaller
# (web wasm, WASI, Pyodide) at the same speed (Node profile and pass-through, the seed job under
# wasmtime and Pyodide); "s" is 13% smaller but costs pass-through about 40%. Native stays at 3.

wasm=www/pkg/csv_kernels_web_bg.wasm
stale=yes
if [ -f "$wasm" ] && [ -z "$(find src www/src www/Cargo.toml Cargo.toml Cargo.lock .cargo scripts/build-web.sh -newer "$wasm" -print -quit)" ]; then
  stale=no
fi
if [ $stale = yes ]; then
  CARGO_PROFILE_RELEASE_OPT_LEVEL=2 wasm-pack --quiet build www --release --target web --out-dir pkg --no-pack
fi

# www/pkg as an npm package: package.json (version from Cargo.toml), the Node entry, a README.
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
sed "s/0.0.0-set-by-build/$version/" www/npm/package.json >www/pkg/package.json
cp www/npm/node.js www/npm/README.md www/pkg/

rm -rf dist/web
mkdir -p dist/web/pkg
cp www/page/* dist/web/
cp www/pkg/csv_kernels_web.js www/pkg/csv_kernels_web.d.ts "$wasm" dist/web/pkg/
raw=$(wc -c <"$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
echo "built www/pkg and dist/web (wasm: $raw bytes raw, $gz bytes gzip -9)"
