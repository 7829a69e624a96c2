#!/usr/bin/env bash
# The core and the CLI: its house plan, formatting and lints (of every workspace member), unit tests, doctests,
# golden cases, CLI contract, the differential test against CPython's csv module, a short fuzz
# run, and the expression evaluator compared with DuckDB.
set -euo pipefail
cd "$(dirname "$0")/.."
# The core's house plan: no import circle, at most 10 imports running back up, no file over 400
# lines before its tests, one module layout.
python3 scripts/house.py --check
cargo fmt --all --check
# Every member on its own target: the wasi:http component (edge/serve) builds only for
# wasm32-wasip2, the others natively.
cargo clippy --workspace --exclude csv-kernels-serve --all-targets --quiet -- -D warnings
cargo clippy -p csv-kernels-serve --target wasm32-wasip2 --all-targets --quiet -- -D warnings
cargo test -p csv-kernels
# Fuzzing, short: the corpus and every fixed crash replayed, then 30 s of libFuzzer over all
# targets with a fixed seed (npm run fuzz -- SECONDS for real runs).
(cd fuzz && cargo test --quiet)
FUZZ_SEED=1 bash scripts/fuzz.sh 30
# The expression evaluator against an independent model (DuckDB) on random rows and expressions.
cargo build --quiet --bin csv-kernels
.venv/bin/python tests/expr_vs_duckdb.py --bin "${CARGO_TARGET_DIR:-target}/debug/csv-kernels" --rounds 10
# Sort, group/aggregate, distinct and top against DuckDB on random rows and steps.
.venv/bin/python tests/ops_vs_duckdb.py --bin "${CARGO_TARGET_DIR:-target}/debug/csv-kernels" --rounds 60
