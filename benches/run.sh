#!/usr/bin/env bash
# `npm run bench [-- --quick]`: installs the baselines (pandas, Polars, Cython, DuckDB, xsv, xan,
# Papa Parse, uDSV), builds every door in release mode, then runs benches/bench.py, which writes
# benches/REPORT.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

bash scripts/setup.sh all
if .venv/bin/python -c 'import pandas, polars, Cython, matplotlib, duckdb' 2>/dev/null; then say "bench python deps: present"
else say "bench python deps: pip install -r benches/requirements.txt"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r benches/requirements.txt; fi
cargo_tool xsv 0.13.0 xsv --locked
cargo_tool xan 0.61.0 xan --locked   # the field's fastest CSV CLI (simd-csv); ~10 minutes once

say "building every door (release)"
cargo build --release --quiet
bash scripts/build-web.sh
bash scripts/build-python.sh
bash scripts/build-edge.sh
# The native wheel goes into the project venv, where the CPython contenders import it.
.venv/bin/python -m pip install -q --disable-pip-version-check --force-reinstall --no-deps dist/csv_kernels-*abi3*.whl

# The Cython baseline: the seed's loop compiled in place (cached until the .pyx changes).
mkdir -p .cache/bench/cython
if [ ! -f .cache/bench/cython/.built ] || [ benches/cython/primes_cy.pyx -nt .cache/bench/cython/.built ]; then
  say "cythonize benches/cython/primes_cy.pyx"
  cp benches/cython/primes_cy.pyx .cache/bench/cython/
  (cd .cache/bench/cython && ../../../.venv/bin/cythonize -q -i -3 primes_cy.pyx >/dev/null && touch .built)
fi

.venv/bin/python benches/bench.py "$@"
