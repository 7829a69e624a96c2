#!/usr/bin/env bash
# The core and the CLI: formatting, lints, unit tests, doctests, golden cases, CLI contract.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo test -p csv-kernels
