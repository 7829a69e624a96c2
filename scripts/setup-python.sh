# Python module: native and Pyodide wheels, pytest. Sourced by setup.sh.
# Needs: the emscripten Rust target (its std; the linker is Rust's own rust-lld through
# pyodide/emscripten-link.sh, so no emsdk), the .venv with maturin and pytest, the npm Pyodide
# runtimes (npm_deps, in setup.sh) and pure-Python wheels for inside Pyodide (micropip, pytest).
rust_targets wasm32-unknown-emscripten
python_venv

pyodide_wheels() {
  local missing=() pin
  while read -r pin; do
    [[ -z $pin || $pin == \#* ]] && continue
    [ -f ".cache/wheels/${pin/==/-}-py3-none-any.whl" ] || missing+=("$pin")
  done < tests/python/requirements-pyodide.txt
  if [ ${#missing[@]} -eq 0 ]; then say "pyodide wheels (micropip, pytest): present"; return; fi
  say "pyodide wheels: pip download ${missing[*]}"
  mkdir -p .cache/wheels
  # Pure-Python wheels for Pyodide's Python 3.13/3.14 (micropip needs >= 3.13).
  .venv/bin/python -m pip download -q --disable-pip-version-check --only-binary=:all: --no-deps \
    --python-version 3.13 -d .cache/wheels "${missing[@]}"
}
pyodide_wheels

# The Arrow readers the CPython suite checks format="arrow" with, and Dask for
# csv_kernels.dask (pinned in requirements-dev.txt, so .venv has them too), as wheels for its
# fresh test venv.
arrow_readers() {
  local pins missing=() pin
  pins=$(grep -E '^(pyarrow|polars|duckdb|dask|distributed)==' scripts/requirements-dev.txt)
  for pin in $pins; do
    compgen -G ".cache/wheels/${pin/==/-}-*.whl" >/dev/null || missing+=("$pin")
  done
  if [ ${#missing[@]} -eq 0 ]; then say "arrow reader and dask wheels: present"; return; fi
  say "arrow reader wheels: pip download ${missing[*]}"
  mkdir -p .cache/wheels
  .venv/bin/python -m pip download -q --disable-pip-version-check --only-binary=:all: \
    -d .cache/wheels "${missing[@]}"
}
arrow_readers
