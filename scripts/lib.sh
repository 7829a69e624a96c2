# Shared helpers for the set-up scripts: each installs only what is missing and says so.
# shellcheck shell=bash
source "$(dirname "${BASH_SOURCE[0]}")/versions.sh"

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

# cargo_tool BIN VERSION CRATE [cargo install flags...]: install unless `BIN --version` says VERSION.
cargo_tool() {
  local bin=$1 version=$2 crate=$3; shift 3
  if have "$bin" && "$bin" --version 2>/dev/null | grep -qF "$version"; then
    say "$bin $version: present"
  else
    say "$bin $version: cargo install $crate (slow on 2 cores, once per machine)"
    cargo install "$crate" --version "=$version" "$@"
  fi
}

apt_pkg() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -eq 0 ]; then say "apt $*: present"; return; fi
  say "apt-get install ${missing[*]}"
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

npm_deps() {
  if [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then
    say "npm deps: present"
  else
    say "npm ci"; npm ci --no-audit --no-fund --loglevel=error
  fi
}

python_venv() {
  if [ ! -x .venv/bin/python ]; then say "python venv: creating .venv"; python3 -m venv .venv; fi
  if .venv/bin/python -m pip freeze --disable-pip-version-check 2>/dev/null | sort > .venv/.frozen \
     && [ -z "$(comm -23 <(grep -v '^#' scripts/requirements-dev.txt | sort) .venv/.frozen)" ]; then
    say "python deps: present"
  else
    say "python deps: pip install -r scripts/requirements-dev.txt"
    .venv/bin/python -m pip install -q --disable-pip-version-check -r scripts/requirements-dev.txt
  fi
}
