#!/usr/bin/env bash
# Builds the page and serves it on 127.0.0.1 until Ctrl-C: the browser part of `npm start`.
# Usage: serve-web.sh [PORT]   (default 8080; 0 picks a free port). Prints the URL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-web.sh
exec node www/serve.mjs dist/web --port "${1:-${PORT:-8080}}"
