#!/usr/bin/env bash
# The browser door: the wasm package in Node, in a Chromium page and in a dedicated worker
# (wasm-pack test, every golden case), its TypeScript declarations (tsc), the package through
# its JS glue and the page end to end (node --test + playwright-core). A missing tool fails.
set -uo pipefail
cd "$(dirname "$0")/.."
# wasm-opt from npm (binaryen 132) first: Debian's breaks wasm-bindgen output.
export PATH="$PWD/node_modules/.bin:$PATH"

passed=0 failed=0 failures=()
step() {
  local name=$1; shift
  echo "--- web: $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
}

build() {
  cargo build --release --quiet --bin csv-kernels && bash scripts/build-web.sh
}

step "build (native CLI for comparisons, www/pkg, dist/web)" build
step "wasm-pack test --node" bash -c 'cd www && wasm-pack test --node'
step "wasm-pack test --headless --chrome (page and dedicated worker)" \
  bash -c 'cd www && wasm-pack test --headless --chrome'
step "tsc --noEmit (declarations as users see them)" tsc --noEmit -p tests/js
step "node --test (package golden cases, npm pack in Node and Vite, page e2e)" \
  node --test --test-reporter=spec tests/js/package.test.mjs tests/js/npm-package.test.mjs tests/js/page.e2e.test.mjs

echo
[ $failed -gt 0 ] && (IFS=';'; echo "web: failed: ${failures[*]}")
echo "web: $passed steps passed, $failed failed"
[ $failed -eq 0 ]
