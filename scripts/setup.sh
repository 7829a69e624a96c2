#!/usr/bin/env bash
# Idempotent set-up for a fresh machine of this kind (Debian 12, rustup stable, Node 20, Python 3).
# Installs only what is missing and says what it does. Sections:
#   setup.sh core     rust targets used by the core and the CLI
#   setup.sh web      + npm deps, wasm-bindgen-cli, wasm-pack, Chromium + chromedriver
#   setup.sh python   + project venv with maturin/pytest, emscripten target
#   setup.sh edge     + wasmtime CLI
#   setup.sh all      everything (what `npm test` uses)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/versions.sh

say() { printf '[setup] %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

rust_targets() {
  local installed
  installed=$(rustup target list --installed)
  for t in "$@"; do
    if grep -qx "$t" <<<"$installed"; then say "rust target $t: present"
    else say "rust target $t: installing"; rustup target add "$t"; fi
  done
}

# cargo_tool BIN VERSION CRATE [cargo install flags...]: install unless `BIN --version` reports VERSION.
cargo_tool() {
  local bin=$1 version=$2 crate=$3; shift 3
  if have "$bin" && "$bin" --version 2>/dev/null | grep -q "$version"; then
    say "$bin $version: present"
  else
    say "$bin $version: cargo install $crate (slow on 2 cores, once per machine)"
    cargo install "$crate" --version "=$version" "$@"
  fi
}

apt_updated=0
apt_pkg() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -eq 0 ]; then say "apt $*: present"; return; fi
  say "apt-get install ${missing[*]}"
  if [ $apt_updated -eq 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

npm_deps() {
  if [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    say "npm deps: present"
  else
    say "npm ci"; npm ci --no-audit --no-fund --loglevel=error
  fi
}

python_venv() {
  if [ ! -x .venv/bin/python ]; then say "python venv: creating .venv"; python3 -m venv .venv; fi
  if .venv/bin/python -m pip freeze 2>/dev/null | grep -qx "maturin==$MATURIN_VERSION" \
     && .venv/bin/python -c 'import pytest' 2>/dev/null; then
    say "python deps: present"
  else
    say "python deps: pip install"
    .venv/bin/python -m pip install -q --disable-pip-version-check -r scripts/requirements-dev.txt
  fi
}

section=${1:-all}
rust_targets wasm32-wasip1
case $section in core) exit 0 ;; esac

if [[ $section == web || $section == all ]]; then
  npm_deps
  rust_targets wasm32-unknown-unknown
  cargo_tool wasm-bindgen "$WASM_BINDGEN_VERSION" wasm-bindgen-cli   # no --locked: see TOOLCHAIN.md
  cargo_tool wasm-pack "$WASM_PACK_VERSION" wasm-pack --locked
  apt_pkg chromium chromium-driver
fi
if [[ $section == python || $section == all ]]; then
  npm_deps
  rust_targets wasm32-unknown-emscripten
  python_venv
fi
if [[ $section == edge || $section == all ]]; then
  npm_deps
  cargo_tool wasmtime "$WASMTIME_VERSION" wasmtime-cli --locked
fi
say "done ($section)"
