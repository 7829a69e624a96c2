#!/usr/bin/env bash
# `npm start`: set up what is missing, build the browser package, and serve the page on
# 127.0.0.1 until Ctrl-C. The page has a "Try sample data" button, so it shows results
# without a file. `PORT=9000 npm start` picks another port.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh web
exec bash scripts/serve-web.sh
