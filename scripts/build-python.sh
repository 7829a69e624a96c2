#!/usr/bin/env bash
# Builds the Python wheels into dist/ (idempotent: cargo rebuilds only what changed):
#   native   csv_kernels-*-cp39-abi3-manylinux_*.whl        (CPython >= 3.9)
#   0.29     csv_kernels-*-cp313-cp313-pyemscripten_2025_0_wasm32.whl  (Pyodide 0.29.x)
#   314      csv_kernels-*-cp314-cp314-pyemscripten_2026_0_wasm32.whl  (Pyodide 314.x)
#   build-python.sh [--testing] [native|0.29|314]...   (default: all three)
# --testing builds the same wheels with the cargo feature `testing` (the test-only
# `csv_kernels._testing`, whose panic() the suite uses) into target/python-test-wheels/,
# never into dist/: the wheels that ship never have it (tests/python/check_wheels.py checks).
set -euo pipefail
cd "$(dirname "$0")/.."
maturin=.venv/bin/maturin
[ -x "$maturin" ] || { echo "build-python: $maturin missing: run scripts/setup.sh python" >&2; exit 1; }
out=dist features="" suffix=""
if [ "${1:-}" = --testing ]; then
  shift
  out=target/python-test-wheels features=testing suffix=-testing
fi
mkdir -p "$out"
target=${CARGO_TARGET_DIR:-target}

# Every wasm build uses opt-level 2; scripts/build-web.sh says why (native stays at 3).
# The emscripten builds get their own target dirs under target/: they differ in the pyo3
# interpreter config, and sharing one dir would rebuild pyo3 on every switch. The test builds
# get their own too (a feature switch would relink the whole cdylib each time).
pyodide_wheel() { # PYTHON_VERSION ABI_VERSION
  local python=$1 abi=$2
  rm -f "$out"/csv_kernels-*-cp${python/./}-*pyemscripten*.whl
  CARGO_TARGET_DIR="$target/pyodide-cp${python/./}$suffix" CARGO_PROFILE_RELEASE_OPT_LEVEL=2 \
  CARGO_TARGET_WASM32_UNKNOWN_EMSCRIPTEN_LINKER="$PWD/pyodide/emscripten-link.sh" \
  MATURIN_PYODIDE_ABI_VERSION="$abi" \
    "$maturin" build --quiet --release -m pyodide/Cargo.toml --target wasm32-unknown-emscripten \
      ${features:+--features "$features"} -i "python$python" --out "$out"
}

for what in "${@:-native 0.29 314}"; do
  for w in $what; do
    case $w in
      native)
        rm -f "$out"/csv_kernels-*-abi3-*.whl
        CARGO_TARGET_DIR="$target${suffix:+/python$suffix}" \
          "$maturin" build --quiet --release -m pyodide/Cargo.toml --features "abi3${features:+,$features}" --out "$out" ;;
      0.29) pyodide_wheel 3.13 2025_0 ;;
      314) pyodide_wheel 3.14 2026_0 ;;
      *) echo "build-python: unknown build '$w' (native, 0.29, 314)" >&2; exit 2 ;;
    esac
  done
done
ls -l "$out"/csv_kernels-*.whl
