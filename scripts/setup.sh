#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine with rustup, Node/npm and Python lacks
# to build shengtu (and, with --browser, to test it). Idempotent: each step is a
# version check first, so a second run takes about a second.
#
# Sourced by scripts/serve.sh and scripts/test.sh; it also exports PATH.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

want_browser=0
for arg in "$@"; do [ "$arg" = "--browser" ] && want_browser=1; done

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
say() { printf '\033[1msetup:\033[0m %s\n' "$*" >&2; }

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must equal the wasm-bindgen crate version pinned in Cargo.lock.
BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$BINDGEN_VERSION" ] || { echo "setup: cannot read wasm-bindgen's version from Cargo.lock" >&2; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 8 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $BINDGEN_VERSION\$"; then
  # No --locked: its lockfile pins a webpki-roots the registry here lacks.
  say "installing wasm-bindgen-cli $BINDGEN_VERSION (about 3 minutes)"
  cargo install wasm-bindgen-cli --version "$BINDGEN_VERSION" --force
fi

# npm dev tools: binaryen 132's wasm-opt (pinned in Trunk.toml; Debian's
# binaryen 108 breaks the externref table) and playwright-core for e2e tests.
stamp=node_modules/.package-lock.sha256
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -f "$stamp" ] || ! sha256sum --quiet -c "$stamp" 2>/dev/null; then
  say "installing npm dev tools (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  sha256sum package-lock.json > "$stamp"
fi

missing=()
# A CJK font: the release build renders fallback images with it (and the
# browser tests draw Chinese labels with it).
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk fontconfig)
if [ "$want_browser" = 1 ]; then
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
fi
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} from Debian"
  sudo_cmd=(); [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
