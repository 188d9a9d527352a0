#!/usr/bin/env bash
# Trunk post-build hook: fallback images, then CSP/loader/no-script/offline
# processing of the staged site (scripts/postbuild.mjs).
set -euo pipefail
out=${1:-${TRUNK_STAGING_DIR:?run from trunk, or pass an output directory}}
cd "$(dirname "$0")/.."
bash scripts/fallback-images.sh "$out"
node scripts/postbuild.mjs "$out"
