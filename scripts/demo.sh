#!/usr/bin/env bash
# The README's first command: install what is missing, build everything, serve the demo site.
# PORT=9000 ./scripts/demo.sh to use another port.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec node demo-site/server.mjs --port "${PORT:-8080}"
