#!/usr/bin/env bash
# `npm run notebook`: set up what is missing, build the offline JupyterLite site and serve it on
# 127.0.0.1 until Ctrl-C. `PORT=9000 npm run notebook` picks another port.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh notebook
bash scripts/build-notebook.sh
port=${PORT:-8888}
echo "csv-kernels notebook: http://127.0.0.1:$port/lab/index.html?path=csv-kernels.ipynb  (Ctrl-C stops)"
exec python3 -m http.server --bind 127.0.0.1 --directory dist/notebook "$port"
