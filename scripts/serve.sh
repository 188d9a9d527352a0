#!/usr/bin/env bash
# Serves the map on http://127.0.0.1:8080/ with live rebuilds (trunk serve).
# Installs missing build tools first (scripts/setup.sh). Extra arguments go to
# trunk, e.g. `scripts/serve.sh --release --port 9000`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
exec trunk serve --address 127.0.0.1 --port 8080 "$@"
