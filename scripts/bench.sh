#!/usr/bin/env bash
# The benchmark (not part of the tests): builds the release dist/, prepares
# the ECharts and D3 reference pages (bench/), and measures all three in one
# headless Chromium run. Results: target/bench/results.md and results.json.
# Arguments go to bench/run.mjs, e.g. `scripts/bench.sh --runs 9 --variant default`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh --browser
cargo fetch --locked
trunk build --release --locked --offline
node bench/prepare.mjs
node bench/run.mjs "$@"
