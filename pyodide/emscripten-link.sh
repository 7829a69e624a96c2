#!/usr/bin/env bash
# Linker for the Pyodide wheels (wasm32-unknown-emscripten) without emscripten: rustc calls
# this as if it were `emcc`. A Pyodide extension is a PIC side module whose undefined symbols
# (the Python C API, libc) are resolved by Pyodide's loader at import time, so Rust's own
# rust-lld can link it: we keep the inputs and `-o`, turn emcc's EXPORTED_FUNCTIONS into
# wasm-ld exports and drop emcc-only flags (-s..., -O, -g, -B, --target, -f..., -l...).
set -euo pipefail
sysroot=$(rustc --print sysroot)
lld="$sysroot/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin/rust-lld"

args=()
exports_from() { # EXPORTED_FUNCTIONS=["_PyInit_x","_y"] -> --export-if-defined=PyInit_x ...
  local list=${1#EXPORTED_FUNCTIONS=}
  list=${list//[\[\]\"\' ]/}
  IFS=, read -ra names <<<"$list"
  for name in "${names[@]}"; do [ -n "$name" ] && args+=("--export-if-defined=${name#_}"); done
}

while [ $# -gt 0 ]; do
  case $1 in
    -o) args+=(-o "$2"); shift ;;
    -L) args+=(-L "$2"); shift ;;
    -L*) args+=("$1") ;;
    -s) [[ $2 == EXPORTED_FUNCTIONS=* ]] && exports_from "$2"; shift ;;
    -sEXPORTED_FUNCTIONS=*) exports_from "${1#-s}" ;;
    -Wl,*) IFS=, read -ra wl <<<"${1#-Wl,}"; args+=("${wl[@]}") ;;
    -s*|-O*|-g*|-B*|--target=*|-f*|-l*|-nodefaultlibs|-pthread) ;;
    *) args+=("$1") ;;
  esac
  shift
done

"$lld" -flavor wasm --experimental-pic -shared --no-export-dynamic \
  --unresolved-symbols=import-dynamic \
  --export-if-defined=__wasm_call_ctors --export-if-defined=__wasm_apply_data_relocs \
  --strip-all "${args[@]}"

# binaryen's wasm-opt (the npm one: Debian's 108 is too old) keeps the side module's dylink.0
# section and shrinks rustc's output by about 4% (emcc would run it too). The features are
# named because --strip-all dropped the target_features section wasm-opt would read them from.
out=
prev=
for a in "${args[@]}"; do [ "$prev" = -o ] && out=$a; prev=$a; done
wasm_opt="$(cd "$(dirname "$0")/.." && pwd)/node_modules/.bin/wasm-opt"
if [ -n "$out" ] && [ -x "$wasm_opt" ]; then
  "$wasm_opt" -O3 --enable-simd --enable-exception-handling --enable-bulk-memory \
    --enable-mutable-globals --enable-sign-ext --enable-nontrapping-float-to-int \
    "$out" -o "$out"
else
  echo "emscripten-link: $wasm_opt missing (npm ci): the module is left unoptimized" >&2
fi
