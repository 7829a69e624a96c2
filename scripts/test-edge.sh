#!/usr/bin/env bash
# The edge doors: the core's own tests inside wasmtime (golden cases and the edge protocol,
# csv_kernels::edge, included), then the
# node --test suites in tests/edge (the WASI command vs native, the Worker in local workerd and
# wrangler dev, the wasi:http component under wasmtime serve).
# A missing tool (wasmtime, workerd, www/) fails the suite: nothing is skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
# wasmtime's compiled-module cache stays inside the project.
export XDG_CACHE_HOME="$PWD/.cache"

passed=0 failed=0 failures=()
step() {
  local name=$1; shift
  echo "--- edge: $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
}

need_wasmtime() {
  command -v wasmtime >/dev/null || { echo "wasmtime is not installed (scripts/setup-edge.sh)" >&2; return 1; }
}

big_input() {
  # The 50 MB body for the Worker's streaming test: deterministic, generated once.
  local out=tests/artifacts/edge-mixed-50mb.csv
  [ -s "$out" ] && return 0
  mkdir -p tests/artifacts && python3 benches/gen_data.py mixed 50 "$out.tmp" && mv "$out.tmp" "$out"
}

core_tests_in_wasmtime() {
  # --dir: the tests read tests/cases through the absolute CARGO_MANIFEST_DIR baked in at
  # compile time, so the guest sees the repository at the same path. opt-level 1: unoptimized
  # frames are so large that the parser's 200-level nesting test overflows wasm's 1 MiB stack
  # (release builds, which every door ships, take 200 levels with room to spare).
  CARGO_PROFILE_DEV_OPT_LEVEL=1 CARGO_TARGET_WASM32_WASIP1_RUNNER="wasmtime run --dir=$PWD" \
    cargo test -p csv-kernels --target wasm32-wasip1 --quiet
}

step "wasmtime installed" need_wasmtime
step "build" bash scripts/build-edge.sh all
step "50 MB test input" big_input
step "core tests in wasmtime (cargo test --target wasm32-wasip1)" core_tests_in_wasmtime
step "node --test tests/edge" node --test --test-concurrency=1 tests/edge/

echo
[ $failed -gt 0 ] && echo "edge failed steps: ${failures[*]}"
echo "edge: $passed steps passed, $failed failed"
[ $failed -eq 0 ]
