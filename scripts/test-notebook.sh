#!/usr/bin/env bash
# The notebook: builds the offline JupyterLite site (scripts/build-notebook.sh) and runs
# examples/csv-kernels.ipynb cell by cell in headless Chromium with the real Pyodide 314 kernel
# (tests/notebook): exact outputs, nothing requested off 127.0.0.1, no failed request.
# A missing tool (Chromium, the site builder, the runtime) fails the suite.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-notebook.sh || { echo "notebook: site build FAILED"; exit 1; }
node --test --test-reporter=spec tests/notebook/notebook.test.mjs
