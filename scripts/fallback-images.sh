#!/usr/bin/env bash
# Trunk post-build hook: renders the no-script / social-card images of the
# default dataset, one per language, with the native command line (the same
# drawing code as the page), into the staging directory.
set -euo pipefail
out=${1:-${TRUNK_STAGING_DIR:?run from trunk, or pass an output directory}}
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet --bin shengtu
for lang in zh-Hans zh-Hant en; do
  target/release/shengtu render --quiet --lang "$lang" --width 1200 --out "$out/fallback-$lang.png"
done
