#!/usr/bin/env bash
# Builds the Python wheels into dist/ (idempotent: cargo rebuilds only what changed):
#   native   csv_kernels-*-cp39-abi3-manylinux_*.whl        (CPython >= 3.9)
#   0.29     csv_kernels-*-cp313-cp313-pyemscripten_2025_0_wasm32.whl  (Pyodide 0.29.x)
#   314      csv_kernels-*-cp314-cp314-pyemscripten_2026_0_wasm32.whl  (Pyodide 314.x)
#   build-python.sh [native|0.29|314]...   (default: all three)
set -euo pipefail
cd "$(dirname "$0")/.."
maturin=.venv/bin/maturin
[ -x "$maturin" ] || { echo "build-python: $maturin missing: run scripts/setup.sh python" >&2; exit 1; }
mkdir -p dist

# Every wasm build uses opt-level 2; scripts/build-web.sh says why (native stays at 3).
# The emscripten builds get their own target dirs under target/: they differ in the pyo3
# interpreter config, and sharing one dir would rebuild pyo3 on every switch.
pyodide_wheel() { # PYTHON_VERSION ABI_VERSION
  local python=$1 abi=$2
  rm -f dist/csv_kernels-*-cp${python/./}-*pyemscripten*.whl
  CARGO_TARGET_DIR="target/pyodide-cp${python/./}" CARGO_PROFILE_RELEASE_OPT_LEVEL=2 \
  CARGO_TARGET_WASM32_UNKNOWN_EMSCRIPTEN_LINKER="$PWD/pyodide/emscripten-link.sh" \
  MATURIN_PYODIDE_ABI_VERSION="$abi" \
    "$maturin" build --quiet --release -m pyodide/Cargo.toml --target wasm32-unknown-emscripten \
      -i "python$python" --out dist
}

for what in "${@:-native 0.29 314}"; do
  for w in $what; do
    case $w in
      native)
        rm -f dist/csv_kernels-*-abi3-*.whl
        "$maturin" build --quiet --release -m pyodide/Cargo.toml --features abi3 --out dist ;;
      0.29) pyodide_wheel 3.13 2025_0 ;;
      314) pyodide_wheel 3.14 2026_0 ;;
      *) echo "build-python: unknown build '$w' (native, 0.29, 314)" >&2; exit 2 ;;
    esac
  done
done
ls -l dist/csv_kernels-*.whl
