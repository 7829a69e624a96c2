#!/usr/bin/env bash
# Builds the offline JupyterLite site into dist/notebook: the Pyodide 314 wheel (build-python.sh),
# the npm Pyodide runtime and the kernel's start-up wheels staged by notebook/build_site.py, and
# examples/csv-kernels.ipynb with the wheel beside it. Needs `scripts/setup.sh notebook`.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.cache/notebook/venv
[ -x "$venv/bin/jupyter-lite" ] || { echo "build-notebook: $venv missing: run scripts/setup.sh notebook" >&2; exit 1; }

bash scripts/build-python.sh 314
wheel=$(ls dist/csv_kernels-*-cp314-cp314-pyemscripten_2026_0_wasm32.whl)
lite=target/notebook/lite
"$venv/bin/python" notebook/build_site.py node_modules/pyodide-314 .cache/notebook/wheels "$lite"
rm -rf dist/notebook
# The lite dir as cwd: jupyter lite also reads jupyter_lite_config.json and the like from there.
(cd "$lite" && "../../../$venv/bin/jupyter" lite build --no-sourcemaps --no-unused-shared-packages \
   --output-dir ../../../dist/notebook \
   --contents ../../../examples/csv-kernels.ipynb --contents "../../../$wheel")
echo "build-notebook: dist/notebook"
