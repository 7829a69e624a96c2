#!/usr/bin/env bash
# The Python door: builds the three wheels, then runs the ONE pytest suite (tests/python) in
# three interpreters: CPython with the native wheel pip-installed into a fresh venv, and Pyodide
# 0.29 and 314 under Node with the emscripten wheels installed by micropip. Fails if any fails.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/build-python.sh || { echo "python: wheel build FAILED"; exit 1; }

results=() failed=0
record() { # NAME EXIT_CODE
  if [ "$2" -eq 0 ]; then results+=("$1: passed"); else results+=("$1: FAILED (exit $2)"); failed=$((failed + 1)); fi
}

# A fresh venv each run proves `pip install` of the wheel works; everything comes from local
# files (the wheel in dist/, pytest and its dependencies in .cache/wheels), no index needed.
venv=target/python-test-venv
echo "--- CPython $(python3 -c 'import sys; print(sys.version.split()[0])'): fresh venv, native wheel"
rm -rf "$venv" && python3 -m venv "$venv" \
  && "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-index \
       --find-links .cache/wheels dist/csv_kernels-*-abi3-*.whl "$(grep '^pytest==' tests/python/requirements-pyodide.txt)" \
       $(grep -E '^(pyarrow|polars|duckdb|dask|distributed)==' scripts/requirements-dev.txt)
status=$?
if [ $status -eq 0 ]; then
  (cd tests/python && "../../$venv/bin/python" -m pytest -p no:cacheprovider -q .)
  status=$?
fi
record "CPython (native wheel)" $status

for version in 0.29 314; do
  echo "--- Pyodide $version under Node $(node --version)"
  node tests/python/run_in_pyodide.mjs "$version" pytest tests/python -q
  record "Pyodide $version (emscripten wheel)" $?
done

echo
printf '%s\n' "${results[@]}"
echo "python interpreters: $(( ${#results[@]} - failed )) passed, $failed failed"
[ $failed -eq 0 ]
