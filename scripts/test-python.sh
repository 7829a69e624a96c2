#!/usr/bin/env bash
# The Python door: builds the three wheels that ship (dist/) and the same three with the
# test-only `testing` feature (target/python-test-wheels/), checks that only the latter carry
# test code, then runs the ONE pytest suite (tests/python) in three interpreters: CPython with
# the native wheel pip-installed into a fresh venv, and Pyodide 0.29 and 314 under Node with
# the emscripten wheels installed by micropip. The whole suite runs on the shipped wheels
# (CSV_KERNELS_WHEEL=public); test_errors.py runs again on the test wheels
# (CSV_KERNELS_WHEEL=testing) for the deliberate panic. Fails if any run fails.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/build-python.sh || { echo "python: wheel build FAILED"; exit 1; }
bash scripts/build-python.sh --testing || { echo "python: test wheel build FAILED"; exit 1; }

results=() failed=0
record() { # NAME EXIT_CODE
  if [ "$2" -eq 0 ]; then results+=("$1: passed"); else results+=("$1: FAILED (exit $2)"); failed=$((failed + 1)); fi
}

echo "--- the shipped wheels have no test-only code; the test wheels have it"
python3 tests/python/check_wheels.py
record "wheel contents (dist/ vs target/python-test-wheels/)" $?

# A fresh venv each run proves `pip install` of the wheel works; everything comes from local
# files (the wheel, pytest and its dependencies in .cache/wheels), no index needed.
fresh_venv() { # DIR WHEEL EXTRA_PINS...
  local venv=$1 wheel=$2; shift 2
  rm -rf "$venv" && python3 -m venv "$venv" \
    && "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-index \
         --find-links .cache/wheels "$wheel" "$(grep '^pytest==' tests/python/requirements-pyodide.txt)" "$@"
}
cpython=$(python3 -c 'import sys; print(sys.version.split()[0])')

echo "--- CPython $cpython: fresh venv, native wheel (shipped)"
venv=target/python-test-venv
fresh_venv "$venv" dist/csv_kernels-*-abi3-*.whl \
  $(grep -E '^(pyarrow|polars|duckdb|dask|distributed)==' scripts/requirements-dev.txt)
status=$?
if [ $status -eq 0 ]; then
  (cd tests/python && CSV_KERNELS_WHEEL=public "../../$venv/bin/python" -m pytest -p no:cacheprovider -q .)
  status=$?
fi
record "CPython (native wheel)" $status

echo "--- CPython $cpython: fresh venv, native test wheel (the deliberate panic)"
venv=target/python-test-venv-testing
fresh_venv "$venv" target/python-test-wheels/csv_kernels-*-abi3-*.whl
status=$?
if [ $status -eq 0 ]; then
  (cd tests/python && CSV_KERNELS_WHEEL=testing "../../$venv/bin/python" -m pytest -p no:cacheprovider -q test_errors.py)
  status=$?
fi
record "CPython (native test wheel: test_errors.py)" $status

for version in 0.29 314; do
  echo "--- Pyodide $version under Node $(node --version)"
  CSV_KERNELS_WHEEL=public node tests/python/run_in_pyodide.mjs "$version" pytest tests/python -q
  record "Pyodide $version (emscripten wheel)" $?
  echo "--- Pyodide $version under Node: test wheel (the deliberate panic)"
  CSV_KERNELS_WHEEL=testing node tests/python/run_in_pyodide.mjs "$version" pytest tests/python/test_errors.py -q
  record "Pyodide $version (emscripten test wheel: test_errors.py)" $?
done

echo
printf '%s\n' "${results[@]}"
echo "python runs: $(( ${#results[@]} - failed )) passed, $failed failed"
[ $failed -eq 0 ]
