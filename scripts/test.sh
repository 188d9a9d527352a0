#!/usr/bin/env bash
# Runs every test: formatting and lints (native and wasm32), native unit and
# golden tests, the release build, wasm-bindgen tests in headless Chromium, and
# the end-to-end tests against the release dist/ served on localhost.
# Installs missing tools first (scripts/setup.sh --browser).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh --browser
export CHROMEDRIVER=${CHROMEDRIVER:-$(command -v chromedriver)}
step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

step "cargo fmt --check"
cargo fmt --check
step "cargo clippy (native and wasm32)"
cargo clippy --locked --all-targets -- -D warnings
cargo clippy --locked --all-targets --no-default-features --target wasm32-unknown-unknown -- -D warnings
step "native tests (unit, doc, golden images)"
cargo test --locked
step "release build (trunk)"
cargo fetch --locked
trunk build --release --locked --offline
step "wasm-bindgen tests in headless Chromium"
cargo test --locked --no-default-features --target wasm32-unknown-unknown
step "end-to-end tests (playwright-core + Debian chromium)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
APP_URL="http://127.0.0.1:$port/" node --test --test-reporter=spec tests/e2e/
step "all tests passed"
