#!/usr/bin/env bash
# The core and the CLI: formatting, lints, unit tests, doctests, golden cases, CLI contract, and
# the expression evaluator compared with DuckDB.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo test -p csv-kernels
# The expression evaluator against an independent model (DuckDB) on random rows and expressions.
cargo build --quiet --bin csv-kernels
.venv/bin/python tests/expr_vs_duckdb.py --bin target/debug/csv-kernels --rounds 10
