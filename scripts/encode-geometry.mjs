#!/usr/bin/env node
// Final step of scripts/prepare-geometry.sh: turns mapshaper's quantized TopoJSON of the 34
// provincial-level units into assets/provinces.topo.json (documented in assets/README.md).
//
// It attaches ids, GB/T 2260 codes, names and label anchors, adds the projection and reference
// points (projected by mapshaper/mproj itself, so the Rust projection can be tested against proj4),
// validates the final integer geometry (exit 1 on any error) and prints a report.
//
// Usage (the shell script passes all of these):
//   node scripts/encode-geometry.mjs --tools DIR --input mapshaper.topo.json --output OUT \
//        --proj '+proj=aea ...' --quantization 20000
// The tools (mapshaper, mproj, polylabel, topojson-client) are loaded from DIR/node_modules.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

// ---------------------------------------------------------------------------------------------
// Arguments and tools

const args = parseArgs(process.argv.slice(2), ['tools', 'input', 'output', 'proj', 'quantization']);
const QUANTIZATION = Number(args.quantization);
const toolsRequire = createRequire(join(resolve(args.tools), 'package.json'));
const mapshaper = toolsRequire('mapshaper');
const mproj = toolsRequire('mproj');
const topojsonClient = toolsRequire('topojson-client');
const { default: polylabel } = await import(pathToFileURL(toolsRequire.resolve('polylabel')).href);
const toolVersions = Object.fromEntries(
  ['mapshaper', 'mproj', 'polylabel', 'topojson-client'].map((name) => [
    name,
    JSON.parse(readFileSync(join(args.tools, 'node_modules', name, 'package.json'), 'utf8')).version,
  ]),
);

function parseArgs(argv, required) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) fail(`bad argument ${argv[i]}`);
    out[argv[i].slice(2)] = argv[i + 1];
  }
  for (const name of required) if (!(name in out)) fail(`missing --${name}`);
  return out;
}

function fail(message) {
  console.error(`ERROR: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// The 34 units: ISO 3166-2 id, GB/T 2260 code, kind, short and full names.
// Full names are the GB/T 2260 forms (traditional characters accordingly); short names drop the
// administrative suffix. English uses the usual romanisations (Hong Kong, Macau, Tibet).

const P = 'province';
const A = 'autonomous_region';
const M = 'municipality';
const S = 'sar';
// [id, adcode, kind, zh-Hans short, zh-Hant short, en short, zh-Hans full, zh-Hant full, en full]
const UNIT_TABLE = [
  ['CN-BJ', 110000, M, '北京', '北京', 'Beijing', '北京市', '北京市', 'Beijing Municipality'],
  ['CN-TJ', 120000, M, '天津', '天津', 'Tianjin', '天津市', '天津市', 'Tianjin Municipality'],
  ['CN-HE', 130000, P, '河北', '河北', 'Hebei', '河北省', '河北省', 'Hebei Province'],
  ['CN-SX', 140000, P, '山西', '山西', 'Shanxi', '山西省', '山西省', 'Shanxi Province'],
  ['CN-NM', 150000, A, '内蒙古', '內蒙古', 'Inner Mongolia', '内蒙古自治区', '內蒙古自治區', 'Inner Mongolia Autonomous Region'],
  ['CN-LN', 210000, P, '辽宁', '遼寧', 'Liaoning', '辽宁省', '遼寧省', 'Liaoning Province'],
  ['CN-JL', 220000, P, '吉林', '吉林', 'Jilin', '吉林省', '吉林省', 'Jilin Province'],
  ['CN-HL', 230000, P, '黑龙江', '黑龍江', 'Heilongjiang', '黑龙江省', '黑龍江省', 'Heilongjiang Province'],
  ['CN-SH', 310000, M, '上海', '上海', 'Shanghai', '上海市', '上海市', 'Shanghai Municipality'],
  ['CN-JS', 320000, P, '江苏', '江蘇', 'Jiangsu', '江苏省', '江蘇省', 'Jiangsu Province'],
  ['CN-ZJ', 330000, P, '浙江', '浙江', 'Zhejiang', '浙江省', '浙江省', 'Zhejiang Province'],
  ['CN-AH', 340000, P, '安徽', '安徽', 'Anhui', '安徽省', '安徽省', 'Anhui Province'],
  ['CN-FJ', 350000, P, '福建', '福建', 'Fujian', '福建省', '福建省', 'Fujian Province'],
  ['CN-JX', 360000, P, '江西', '江西', 'Jiangxi', '江西省', '江西省', 'Jiangxi Province'],
  ['CN-SD', 370000, P, '山东', '山東', 'Shandong', '山东省', '山東省', 'Shandong Province'],
  ['CN-HA', 410000, P, '河南', '河南', 'Henan', '河南省', '河南省', 'Henan Province'],
  ['CN-HB', 420000, P, '湖北', '湖北', 'Hubei', '湖北省', '湖北省', 'Hubei Province'],
  ['CN-HN', 430000, P, '湖南', '湖南', 'Hunan', '湖南省', '湖南省', 'Hunan Province'],
  ['CN-GD', 440000, P, '广东', '廣東', 'Guangdong', '广东省', '廣東省', 'Guangdong Province'],
  ['CN-GX', 450000, A, '广西', '廣西', 'Guangxi', '广西壮族自治区', '廣西壯族自治區', 'Guangxi Zhuang Autonomous Region'],
  ['CN-HI', 460000, P, '海南', '海南', 'Hainan', '海南省', '海南省', 'Hainan Province'],
  ['CN-CQ', 500000, M, '重庆', '重慶', 'Chongqing', '重庆市', '重慶市', 'Chongqing Municipality'],
  ['CN-SC', 510000, P, '四川', '四川', 'Sichuan', '四川省', '四川省', 'Sichuan Province'],
  ['CN-GZ', 520000, P, '贵州', '貴州', 'Guizhou', '贵州省', '貴州省', 'Guizhou Province'],
  ['CN-YN', 530000, P, '云南', '雲南', 'Yunnan', '云南省', '雲南省', 'Yunnan Province'],
  ['CN-XZ', 540000, A, '西藏', '西藏', 'Tibet', '西藏自治区', '西藏自治區', 'Tibet (Xizang) Autonomous Region'],
  ['CN-SN', 610000, P, '陕西', '陝西', 'Shaanxi', '陕西省', '陝西省', 'Shaanxi Province'],
  ['CN-GS', 620000, P, '甘肃', '甘肅', 'Gansu', '甘肃省', '甘肅省', 'Gansu Province'],
  ['CN-QH', 630000, P, '青海', '青海', 'Qinghai', '青海省', '青海省', 'Qinghai Province'],
  ['CN-NX', 640000, A, '宁夏', '寧夏', 'Ningxia', '宁夏回族自治区', '寧夏回族自治區', 'Ningxia Hui Autonomous Region'],
  ['CN-XJ', 650000, A, '新疆', '新疆', 'Xinjiang', '新疆维吾尔自治区', '新疆維吾爾自治區', 'Xinjiang Uygur Autonomous Region'],
  ['CN-TW', 710000, P, '台湾', '臺灣', 'Taiwan', '台湾省', '臺灣省', 'Taiwan Province'],
  ['CN-HK', 810000, S, '香港', '香港', 'Hong Kong', '香港特别行政区', '香港特別行政區', 'Hong Kong Special Administrative Region'],
  ['CN-MO', 820000, S, '澳门', '澳門', 'Macau', '澳门特别行政区', '澳門特別行政區', 'Macau Special Administrative Region'],
];
const UNITS = new Map(
  UNIT_TABLE.map(([id, adcode, kind, hans, hant, en, fullHans, fullHant, fullEn]) => [
    id,
    {
      adcode,
      kind,
      name: { 'zh-Hans': hans, 'zh-Hant': hant, en },
      full_name: { 'zh-Hans': fullHans, 'zh-Hant': fullHant, en: fullEn },
    },
  ]),
);

// Points whose projected metres let the Rust projection be checked against proj4 (mproj).
const REFERENCE_POINTS = [
  ['Beijing', 116.4074, 39.9042],
  ['Shanghai', 121.4737, 31.2304],
  ['Guangzhou', 113.2644, 23.1291],
  ['Urumqi', 87.6168, 43.8256],
  ['Kashgar', 75.99, 39.47],
  ['Lhasa', 91.1409, 29.6456],
  ['Harbin', 126.535, 45.8038],
  ['Mohe', 122.53, 52.97],
  ['Sanya', 109.5119, 18.2528],
  ['Taipei', 121.5654, 25.033],
];

// ---------------------------------------------------------------------------------------------
// Read mapshaper's output and check its shape

const errors = [];
const warnings = [];
const error = (message) => errors.push(message);
const warn = (message) => warnings.push(message);

const input = JSON.parse(readFileSync(args.input, 'utf8'));
if (input.type !== 'Topology' || !input.transform) fail('input is not a quantized TopoJSON Topology');
const objectNames = Object.keys(input.objects);
if (objectNames.length !== 1 || objectNames[0] !== 'provinces') fail(`unexpected objects ${objectNames}`);
const inputGeometries = input.objects.provinces.geometries;
const { scale, translate } = input.transform;

const ids = inputGeometries.map((g) => g.id);
console.log(`units: ${ids.length}`);
if (ids.length !== 34) error(`expected 34 units, got ${ids.length}`);
for (const id of ids) if (!UNITS.has(id)) error(`unexpected unit id ${id}`);
for (const id of UNITS.keys()) if (!ids.includes(id)) error(`missing unit ${id}`);
if (new Set(ids).size !== ids.length) error('duplicate unit ids');
for (const g of inputGeometries) {
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') error(`${g.id}: geometry type ${g.type}`);
}
if (errors.length) finish();

// Cross-check the name table against Natural Earth's own Chinese names (mainland units only:
// Natural Earth names Taiwan, Hong Kong and Macau only by their districts).
for (const g of inputGeometries) {
  const unit = UNITS.get(g.id);
  const ne = (g.properties.ne_zh || []).filter(Boolean);
  const neT = (g.properties.ne_zht || []).filter(Boolean);
  if (ne.length === 0) continue;
  if (!ne.includes(unit.full_name['zh-Hans'])) warn(`${g.id}: Natural Earth name_zh ${ne} != ${unit.full_name['zh-Hans']}`);
  if (!neT.includes(unit.full_name['zh-Hant'])) warn(`${g.id}: Natural Earth name_zht ${neT} != ${unit.full_name['zh-Hant']}`);
}

// ---------------------------------------------------------------------------------------------
// Decode the arcs to absolute quantized integers

const arcs = input.arcs.map((arc) => {
  let x = 0;
  let y = 0;
  return arc.map(([dx, dy]) => {
    if (!Number.isInteger(dx) || !Number.isInteger(dy)) fail('arcs are not integer delta-encoded');
    x += dx;
    y += dy;
    return [x, y];
  });
});
const vertexCount = arcs.reduce((n, arc) => n + arc.length, 0);
let qMaxX = 0;
let qMaxY = 0;
let qMinX = Infinity;
let qMinY = Infinity;
for (const arc of arcs) {
  for (const [x, y] of arc) {
    qMinX = Math.min(qMinX, x);
    qMinY = Math.min(qMinY, y);
    qMaxX = Math.max(qMaxX, x);
    qMaxY = Math.max(qMaxY, y);
  }
}
if (qMinX !== 0 || qMinY !== 0 || qMaxX !== QUANTIZATION - 1 || qMaxY !== QUANTIZATION - 1) {
  error(`quantized extent [${qMinX}, ${qMinY}, ${qMaxX}, ${qMaxY}] != [0, 0, ${QUANTIZATION - 1}, ${QUANTIZATION - 1}]`);
}
const toMetres = ([qx, qy]) => [qx * scale[0] + translate[0], qy * scale[1] + translate[1]];

function ringCoordinates(ringArcs) {
  const ring = [];
  for (const index of ringArcs) {
    const arc = index >= 0 ? arcs[index] : arcs[~index].slice().reverse();
    ring.push(...(ring.length ? arc.slice(1) : arc));
  }
  return ring;
}

const polygonArcLists = (g) => (g.type === 'Polygon' ? [g.arcs] : g.arcs);

// Signed area, positive when counter-clockwise in x-east/y-north coordinates.
function signedArea(ring) {
  let sum = 0;
  for (let i = 0, n = ring.length - 1; i < n; i++) {
    sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  }
  return sum / 2;
}

// Even-odd point in polygon (with holes): 1 inside, 0 on the boundary, -1 outside.
function pointInPolygon(point, rings) {
  const [px, py] = point;
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, n = ring.length - 1; i < n; i++) {
      const [ax, ay] = ring[i];
      const [bx, by] = ring[i + 1];
      const cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
      if (cross === 0 && px >= Math.min(ax, bx) && px <= Math.max(ax, bx)
          && py >= Math.min(ay, by) && py <= Math.max(ay, by)) return 0;
      if ((ay > py) !== (by > py) && px < ((bx - ax) * (py - ay)) / (by - ay) + ax) inside = !inside;
    }
  }
  return inside ? 1 : -1;
}

const pointInUnit = (point, unit) => {
  let best = -1;
  for (const rings of unit.polygons) best = Math.max(best, pointInPolygon(point, rings));
  return best;
};

// ---------------------------------------------------------------------------------------------
// Segment intersections, exact in integers. Two segments of different arcs may only meet at an arc
// end point shared by both (a node). Proper crossings and collinear overlaps are errors; other
// contacts (a vertex touching another arc away from a node) are reported as touches.

function findSegmentProblems(arcList) {
  const segments = [];
  arcList.forEach((arc, a) => {
    for (let i = 0; i + 1 < arc.length; i++) segments.push({ a, i, p: arc[i], q: arc[i + 1], last: arc.length - 2 });
  });
  const CELL = 64; // grid units; the median segment is ~3 units long
  const grid = new Map();
  segments.forEach((s, k) => {
    const x0 = Math.floor(Math.min(s.p[0], s.q[0]) / CELL);
    const x1 = Math.floor(Math.max(s.p[0], s.q[0]) / CELL);
    const y0 = Math.floor(Math.min(s.p[1], s.q[1]) / CELL);
    const y1 = Math.floor(Math.max(s.p[1], s.q[1]) / CELL);
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const key = x * 100000 + y;
        if (!grid.has(key)) grid.set(key, []);
        grid.get(key).push(k);
      }
    }
  });
  const orient = (a, b, c) => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  const onSegment = (a, b, c) => c[0] >= Math.min(a[0], b[0]) && c[0] <= Math.max(a[0], b[0])
    && c[1] >= Math.min(a[1], b[1]) && c[1] <= Math.max(a[1], b[1]);
  const same = (u, v) => u[0] === v[0] && u[1] === v[1];
  const isNode = (s, point) => (s.i === 0 && same(point, s.p)) || (s.i === s.last && same(point, s.q));
  const seen = new Set();
  const problems = [];
  for (const cell of grid.values()) {
    for (let m = 0; m < cell.length; m++) {
      for (let n = m + 1; n < cell.length; n++) {
        const k1 = Math.min(cell[m], cell[n]);
        const k2 = Math.max(cell[m], cell[n]);
        const key = k1 * segments.length + k2;
        if (seen.has(key)) continue;
        seen.add(key);
        const s = segments[k1];
        const t = segments[k2];
        const o1 = orient(s.p, s.q, t.p);
        const o2 = orient(s.p, s.q, t.q);
        const o3 = orient(t.p, t.q, s.p);
        const o4 = orient(t.p, t.q, s.q);
        const problem = (kind, point) => problems.push({ kind, point, s, t, key: `${kind} ${s.a}:${s.i} ${t.a}:${t.i}` });
        if (o1 * o2 < 0 && o3 * o4 < 0) {
          problem('crossing', s.p);
          continue;
        }
        if (o1 === 0 && o2 === 0) {
          const axis = s.p[0] !== s.q[0] ? 0 : 1;
          const lo = Math.max(Math.min(s.p[axis], s.q[axis]), Math.min(t.p[axis], t.q[axis]));
          const hi = Math.min(Math.max(s.p[axis], s.q[axis]), Math.max(t.p[axis], t.q[axis]));
          if (hi > lo) {
            problem('collinear', s.p);
            continue;
          }
        }
        const contacts = [];
        if (o1 === 0 && onSegment(s.p, s.q, t.p)) contacts.push(t.p);
        if (o2 === 0 && onSegment(s.p, s.q, t.q)) contacts.push(t.q);
        if (o3 === 0 && onSegment(t.p, t.q, s.p)) contacts.push(s.p);
        if (o4 === 0 && onSegment(t.p, t.q, s.q)) contacts.push(s.q);
        for (const c of contacts) {
          if (s.a === t.a && Math.abs(s.i - t.i) === 1) continue; // neighbouring segments of one arc
          if (isNode(s, c) && isNode(t, c)) continue; // arcs meeting at a node
          problem('touch', c);
          break;
        }
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Repair what rounding to the grid broke (geometry.md item 6). Natural Earth's Macau lies 80-110 m
// from Guangdong's coast along ~2 km, less than one grid step (~240 m), so after quantization
// Guangdong's coast can cut a corner of Macau. mapshaper's own fix-geometry writes non-integer
// deltas (invalid quantized TopoJSON), and -clean after quantization leaves repeated vertices, so
// this is done here: for each crossing between two units, the larger unit gives way (as if the
// smaller one were subtracted from it) by moving one vertex of its arc by at most 2 grid steps, or
// dropping it. Of the moves that remove the crossing without creating any other problem, the one
// changing the area least wins. Every move is printed, and the validation below runs afterwards.

const unitOfArc = arcs.map(() => new Set());
for (const g of inputGeometries) {
  for (const polygon of polygonArcLists(g)) {
    for (const ring of polygon) for (const index of ring) unitOfArc[index >= 0 ? index : ~index].add(g.id);
  }
}
const unitArea = new Map(inputGeometries.map((g) => [
  g.id,
  polygonArcLists(g).reduce((sum, polygon) => sum + Math.abs(signedArea(ringCoordinates(polygon[0]))), 0),
]));
const arcArea = (arc) => signedArea([...arc, arc[0]]);
const repairs = [];
for (let pass = 0; pass < 20; pass++) {
  const problems = findSegmentProblems(arcs);
  const crossing = problems.find((p) => p.kind !== 'touch');
  if (!crossing) break;
  const baseline = new Set(problems.map((p) => p.key));
  const { s, t } = crossing;
  const areaOf = (seg) => Math.max(...[...unitOfArc[seg.a]].map((id) => unitArea.get(id)));
  const [giver, keep] = areaOf(s) >= areaOf(t) ? [s, t] : [t, s];
  const arc = arcs[giver.a];
  const candidates = [];
  for (const j of [giver.i - 1, giver.i, giver.i + 1, giver.i + 2]) {
    if (j <= 0 || j >= arc.length - 1) continue; // never move a node
    const moves = [null];
    for (let dx = -2; dx <= 2; dx++) for (let dy = -2; dy <= 2; dy++) if (dx || dy) moves.push([dx, dy]);
    for (const move of moves) {
      const edited = arc.slice();
      if (move) edited[j] = [arc[j][0] + move[0], arc[j][1] + move[1]];
      else edited.splice(j, 1);
      if (edited.some((p, k) => k && p[0] === edited[k - 1][0] && p[1] === edited[k - 1][1])) continue;
      if (edited[j].some((v) => v < 0 || v > QUANTIZATION - 1)) continue; // keep the transform valid
      const trial = arcs.slice();
      trial[giver.a] = edited;
      const after = findSegmentProblems(trial);
      if (after.some((p) => p.kind !== 'touch' || !baseline.has(p.key))) continue;
      candidates.push({
        j, move, edited,
        areaChange: Math.abs(arcArea(edited) - arcArea(arc)),
        distance: move ? Math.hypot(move[0], move[1]) : 0,
      });
    }
  }
  if (!candidates.length) {
    error(`cannot repair ${crossing.kind} at ${JSON.stringify(toMetres(crossing.point).map(Math.round))}`);
    break;
  }
  candidates.sort((u, v) => u.areaChange - v.areaChange || u.distance - v.distance);
  const best = candidates[0];
  repairs.push(`${crossing.kind} between ${[...unitOfArc[giver.a]]} (arc ${giver.a}) and ${[...unitOfArc[keep.a]]} `
    + `(arc ${keep.a}) near ${JSON.stringify(arcs[giver.a][best.j])}: `
    + (best.move ? `moved vertex ${best.j} by [${best.move}]` : `dropped vertex ${best.j}`)
    + `, ${(best.areaChange * scale[0] * scale[1] / 1e6).toFixed(3)} km² of ${[...unitOfArc[giver.a]]} given up or changed`);
  arcs[giver.a] = best.edited;
}
const arcsChanged = repairs.length > 0;

// Decoded units: polygons as lists of integer rings
const decoded = inputGeometries.map((g) => ({
  id: g.id,
  geometry: g,
  polygons: polygonArcLists(g).map((polygon) => polygon.map(ringCoordinates)),
}));

// ---------------------------------------------------------------------------------------------
// Validation of the final integer geometry

const m2PerUnit2 = scale[0] * scale[1];
const km2 = (area) => (area * m2PerUnit2) / 1e6;
let exteriorCw = 0;
let exteriorCcw = 0;
let holes = 0;
const smallParts = [];
for (const unit of decoded) {
  unit.areas = [];
  for (const rings of unit.polygons) {
    rings.forEach((ring, k) => {
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (first[0] !== last[0] || first[1] !== last[1]) error(`${unit.id}: unclosed ring`);
      const distinct = new Set(ring.slice(0, -1).map(String)).size;
      if (distinct < 3) error(`${unit.id}: ring with ${distinct} distinct points`);
      for (let i = 1; i < ring.length; i++) {
        if (ring[i][0] === ring[i - 1][0] && ring[i][1] === ring[i - 1][1]) error(`${unit.id}: repeated vertex`);
      }
      const area = signedArea(ring);
      if (area === 0) error(`${unit.id}: zero-area ring`);
      if (k === 0) {
        if (area < 0) exteriorCw++;
        else exteriorCcw++;
      } else holes++;
    });
    const area = rings.reduce((sum, ring, k) => sum + (k === 0 ? 1 : -1) * Math.abs(signedArea(ring)), 0);
    unit.areas.push(area);
    if (km2(area) < 10) smallParts.push(`${unit.id} ${km2(area).toFixed(2)} km²`);
  }
}
if (exteriorCw && exteriorCcw) error(`mixed exterior winding: ${exteriorCw} cw, ${exteriorCcw} ccw`);
const exteriorWinding = exteriorCw ? 'clockwise' : 'counter-clockwise';

// Arc use: an arc is used once (outer boundary: coast or national border) or twice in opposite
// directions by two different units (a shared border). Anything else is a defect.
const arcUses = arcs.map(() => []);
for (const unit of decoded) {
  for (const polygon of polygonArcLists(unit.geometry)) {
    for (const ring of polygon) {
      for (const index of ring) arcUses[index >= 0 ? index : ~index].push({ id: unit.id, forward: index >= 0 });
    }
  }
}
let outerArcs = 0;
let sharedArcs = 0;
const neighbours = new Map(decoded.map((u) => [u.id, new Set()]));
arcUses.forEach((uses, i) => {
  if (uses.length === 1) outerArcs++;
  else if (uses.length === 2 && uses[0].forward !== uses[1].forward && uses[0].id !== uses[1].id) {
    sharedArcs++;
    neighbours.get(uses[0].id).add(uses[1].id);
    neighbours.get(uses[1].id).add(uses[0].id);
  } else if (uses.length === 0) warn(`arc ${i} unused`);
  else error(`arc ${i} used as ${JSON.stringify(uses)} (overlap or internal edge)`);
});

const segmentProblems = findSegmentProblems(arcs);
const segmentCheck = { crossings: [], collinear: [], touches: [] };
for (const p of segmentProblems) {
  const where = `${JSON.stringify(toMetres(p.point).map(Math.round))} m (arcs ${p.s.a}/${p.t.a})`;
  if (p.kind === 'crossing') segmentCheck.crossings.push(where);
  else if (p.kind === 'collinear') segmentCheck.collinear.push(where);
  else segmentCheck.touches.push(where);
}
for (const c of segmentCheck.crossings) error(`segments cross at ${c}`);
for (const c of segmentCheck.collinear) error(`segments overlap collinearly at ${c}`);
for (const c of segmentCheck.touches) warn(`vertex touches another arc at ${c}`);

// Containment overlaps (the only kind left once no segments cross and every shared arc is used in
// opposite directions): a point well inside each polygon part must lie in no other unit.
let partsChecked = 0;
let containmentOverlaps = 0;
for (const unit of decoded) {
  for (const rings of unit.polygons) {
    const inner = polylabel(rings, 0.05);
    partsChecked++;
    if (pointInPolygon(inner, rings) !== 1) error(`${unit.id}: interior point of a part is not inside it`);
    for (const other of decoded) {
      if (other !== unit && pointInUnit(inner, other) >= 0) {
        containmentOverlaps++;
        error(`${unit.id} part overlaps ${other.id}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Label anchors: pole of inaccessibility of each unit's largest part (by area; equal-area
// projection, so this is also the largest on the ground), rounded to the quantized grid.

const proj = mproj.pj_init(args.proj);
for (const unit of decoded) {
  const largest = unit.areas.indexOf(Math.max(...unit.areas));
  const rings = unit.polygons[largest];
  const pole = polylabel(rings, 1.0);
  let anchor = null;
  // nearest grid point strictly inside the part, searching outwards from the rounded pole
  for (let r = 0; r <= 3 && !anchor; r++) {
    for (let dx = -r; dx <= r && !anchor; dx++) {
      for (let dy = -r; dy <= r && !anchor; dy++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== r) continue;
        const candidate = [Math.round(pole[0]) + dx, Math.round(pole[1]) + dy];
        if (pointInPolygon(candidate, rings) === 1) anchor = candidate;
      }
    }
  }
  if (!anchor) {
    error(`${unit.id}: no anchor inside its largest part`);
    continue;
  }
  for (const other of decoded) {
    if (other !== unit && pointInUnit(anchor, other) >= 0) error(`${unit.id}: anchor lies in ${other.id}`);
  }
  const [x, y] = toMetres(anchor);
  const lonlat = mproj.pj_inv_deg({ x, y }, proj);
  unit.anchor = anchor;
  unit.anchorLonLat = [round(lonlat.lam, 4), round(lonlat.phi, 4)];
  unit.anchorClearance = pole.distance;
  // round trip: the 4-decimal lon/lat must project back within a grid step
  const back = mproj.pj_fwd_deg({ lam: unit.anchorLonLat[0], phi: unit.anchorLonLat[1] }, proj);
  if (Math.abs(back.x - x) > scale[0] || Math.abs(back.y - y) > scale[1]) error(`${unit.id}: anchor round trip off`);
}

function deltaEncode(arc) {
  return arc.map(([x, y], k) => (k ? [x - arc[k - 1][0], y - arc[k - 1][1]] : [x, y]));
}

function round(value, decimals) {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

// ---------------------------------------------------------------------------------------------
// Reference points, projected by mapshaper's own -proj (mproj), and the +R check

async function mapshaperProject(points, crs) {
  const geojson = {
    type: 'FeatureCollection',
    features: points.map(([name, lon, lat]) => ({
      type: 'Feature',
      properties: { name },
      geometry: { type: 'Point', coordinates: [lon, lat] },
    })),
  };
  const out = await mapshaper.applyCommands(
    ['-i', 'points.json', '-proj', crs, '-o', 'out.json', 'format=geojson', '-quiet'],
    { 'points.json': geojson },
  );
  return JSON.parse(out['out.json']).features.map((f) => f.geometry.coordinates);
}

// d3-geo conicEqualArea on the sphere (conicEqualAreaRaw), with lat_0 = 0, times R.
function sphericalAlbers([lon, lat], { lat1, lat2, lon0, R }) {
  const rad = Math.PI / 180;
  const sy0 = Math.sin(lat1 * rad);
  const n = (sy0 + Math.sin(lat2 * rad)) / 2;
  const c = 1 + sy0 * (2 * n - sy0);
  const r0 = Math.sqrt(c) / n; // rho at phi0 = 0
  const lambda = (lon - lon0) * rad;
  const r = Math.sqrt(c - 2 * n * Math.sin(lat * rad)) / n;
  return [r * Math.sin(lambda * n) * R, (r0 - r * Math.cos(lambda * n)) * R];
}

const projParams = Object.fromEntries(
  args.proj.split(/\s+/).filter((p) => p.includes('=')).map((p) => p.replace(/^\+/, '').split('=')),
);
const sphere = { lat1: +projParams.lat_1, lat2: +projParams.lat_2, lon0: +projParams.lon_0, R: +projParams.R };
const referenceXY = await mapshaperProject(REFERENCE_POINTS, args.proj);
const ellipsoidXY = await mapshaperProject(REFERENCE_POINTS, args.proj.replace(/\+R=\S+/, '+ellps=WGS84'));
let maxSphereDiff = 0;
let maxEllipsoidDiff = 0;
let maxMprojDiff = 0;
const referencePoints = REFERENCE_POINTS.map(([name, lon, lat], i) => {
  const xy = referenceXY[i];
  const formula = sphericalAlbers([lon, lat], sphere);
  const direct = mproj.pj_fwd_deg({ lam: lon, phi: lat }, proj);
  maxSphereDiff = Math.max(maxSphereDiff, Math.hypot(xy[0] - formula[0], xy[1] - formula[1]));
  maxEllipsoidDiff = Math.max(maxEllipsoidDiff, Math.hypot(xy[0] - ellipsoidXY[i][0], xy[1] - ellipsoidXY[i][1]));
  maxMprojDiff = Math.max(maxMprojDiff, Math.hypot(xy[0] - direct.x, xy[1] - direct.y));
  return { name, lonlat: [lon, lat], xy };
});
if (!Number.isFinite(sphere.R)) error(`projection ${args.proj} has no +R: the asset must be on a sphere`);
if (!(maxSphereDiff <= 1e-6)) error(`mapshaper -proj differs from the spherical formulas by ${maxSphereDiff} m: +R not honoured?`);
if (maxMprojDiff !== 0) error(`mapshaper -proj and mproj.pj_fwd differ by ${maxMprojDiff} m`);
for (const { name, xy } of referencePoints) {
  if (!xy.every((v) => Number.isFinite(v))) error(`reference point ${name} did not project`);
}

// ---------------------------------------------------------------------------------------------
// Independent checks with mapshaper itself on the final topology: overlaps (-mosaic) and gaps
// (holes in the union of all units; the source union has none).

async function mapshaperChecks(topology) {
  const out = await mapshaper.applyCommands(
    [
      '-i', 'in.json', 'name=units',
      '-mosaic', 'calc=n = count()', '+', 'name=mosaic',
      '-each', 'area = this.area', 'target=mosaic',
      '-filter', 'n > 1', 'target=mosaic',
      '-o', 'overlaps.json', 'format=geojson', 'target=mosaic',
      '-dissolve', 'target=units', '+', 'name=union',
      '-o', 'union.json', 'format=geojson', 'target=union',
      '-quiet',
    ],
    { 'in.json': topology },
  );
  // an empty layer comes back as an empty GeometryCollection
  const overlapsJson = JSON.parse(out['overlaps.json']);
  const overlaps = overlapsJson.features || [];
  if (overlapsJson.geometries && overlapsJson.geometries.length) throw new Error('unexpected mosaic output');
  const unionJson = JSON.parse(out['union.json']);
  const union = (unionJson.features || unionJson.geometries).map((f) => f.geometry || f);
  let unionParts = 0;
  let unionHoles = 0;
  for (const f of union) {
    const polygons = f.type === 'Polygon' ? [f.coordinates] : f.coordinates;
    unionParts += polygons.length;
    for (const p of polygons) unionHoles += p.length - 1;
  }
  return {
    overlapCount: overlaps.length,
    overlapArea: overlaps.reduce((sum, f) => sum + f.properties.area, 0),
    unionParts,
    unionHoles,
  };
}

// ---------------------------------------------------------------------------------------------
// Assemble the output (key order as documented in assets/README.md)

const byAdcode = [...decoded].sort((u, v) => UNITS.get(u.id).adcode - UNITS.get(v.id).adcode);
const output = {
  type: 'Topology',
  transform: { scale, translate },
  arcs: arcsChanged ? arcs.map(deltaEncode) : input.arcs,
  objects: {
    provinces: {
      type: 'GeometryCollection',
      geometries: byAdcode.map((unit) => {
        const meta = UNITS.get(unit.id);
        return {
          type: unit.geometry.type,
          arcs: unit.geometry.arcs,
          id: unit.id,
          properties: {
            adcode: meta.adcode,
            kind: meta.kind,
            name: meta.name,
            full_name: meta.full_name,
            anchor: unit.anchor,
            anchor_lonlat: unit.anchorLonLat,
          },
        };
      }),
    },
  },
  projection: { proj4: args.proj, lat_0: 0 },
  reference_points: referencePoints,
};
const text = JSON.stringify(output);

// Read back with topojson-client: standard decoding must give the same coordinates.
const reread = JSON.parse(text);
const features = topojsonClient.feature(reread, reread.objects.provinces).features;
if (features.length !== 34) error(`topojson-client decodes ${features.length} features`);
for (const f of features) {
  const unit = decoded.find((u) => u.id === f.id);
  const coords = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const expected = unit.polygons.map((rings) => rings.map((ring) => ring.map(toMetres)));
  const close = (a, b) => Math.abs(a - b) < 1e-6;
  const ok = coords.length === expected.length && coords.every((rings, i) => rings.length === expected[i].length
    && rings.every((ring, k) => ring.length === expected[i][k].length
      && ring.every((pt, j) => close(pt[0], expected[i][k][j][0]) && close(pt[1], expected[i][k][j][1]))));
  if (!ok) error(`${f.id}: topojson-client decodes different coordinates`);
}
let mapshaperReport;
try {
  mapshaperReport = await mapshaperChecks(reread);
} catch (e) {
  error(`mapshaper could not build a mosaic of the output: ${e.message}`);
  mapshaperReport = { overlapCount: NaN, overlapArea: NaN, unionParts: NaN, unionHoles: NaN };
}
if (mapshaperReport.overlapCount) error(`mapshaper -mosaic finds ${mapshaperReport.overlapCount} overlaps`);
if (mapshaperReport.unionHoles) error(`union of all units has ${mapshaperReport.unionHoles} holes (gaps)`);

// ---------------------------------------------------------------------------------------------
// Report

const bbox = [...toMetres([qMinX, qMinY]), ...toMetres([qMaxX, qMaxY])];
console.log(`tools: ${Object.entries(toolVersions).map(([k, v]) => `${k}@${v}`).join(', ')}, node ${process.version}`);
console.log(`ids (${byAdcode.length}): ${byAdcode.map((u) => u.id).join(' ')}`);
console.log(`arcs: ${arcs.length} (${sharedArcs} shared borders, ${outerArcs} outer), arc vertices: ${vertexCount}`);
console.log(`polygon parts: ${partsChecked}, holes: ${holes}, exterior rings ${exteriorWinding} (x east, y north)`);
console.log(`quantization: ${QUANTIZATION}, scale [${scale.map((v) => v.toFixed(3))}] m per unit, translate [${translate.map((v) => v.toFixed(3))}]`);
console.log(`bbox (m): [${bbox.map((v) => v.toFixed(1)).join(', ')}], ${((bbox[2] - bbox[0]) / 1000).toFixed(1)} x ${((bbox[3] - bbox[1]) / 1000).toFixed(1)} km`);
console.log(`+R check: mapshaper -proj vs d3 spherical conicEqualArea: max ${maxSphereDiff.toExponential(2)} m; vs mproj.pj_fwd: ${maxMprojDiff} m; vs +ellps=WGS84 instead of +R: max ${(maxEllipsoidDiff / 1000).toFixed(2)} km`);
console.log(`quantization repairs: ${repairs.length ? repairs.join('; ') : 'none needed'}`);
console.log(`segments: ${segmentCheck.crossings.length} crossings, ${segmentCheck.collinear.length} collinear overlaps, ${segmentCheck.touches.length} vertex touches`);
console.log(`overlaps: own containment check over ${partsChecked} parts: ${containmentOverlaps}; mapshaper -mosaic: ${mapshaperReport.overlapCount} (${(mapshaperReport.overlapArea / 1e6).toFixed(4)} km²)`);
console.log(`gaps: holes in the union of all units: ${mapshaperReport.unionHoles} (union has ${mapshaperReport.unionParts} parts)`);
console.log(`parts under 10 km²: ${smallParts.length ? smallParts.join(', ') : 'none'}`);
console.log('anchors (id adcode q=[x,y] lon,lat clearance_km neighbours):');
for (const unit of byAdcode) {
  const meta = UNITS.get(unit.id);
  console.log(`  ${unit.id} ${meta.adcode} ${meta.name['zh-Hans']}/${meta.name.en} q=[${unit.anchor}] ${unit.anchorLonLat} `
    + `${(unit.anchorClearance * scale[0] / 1000).toFixed(1)} km, parts ${unit.polygons.length}, `
    + `${km2(unit.areas.reduce((a, b) => a + b, 0)).toFixed(0)} km², `
    + `${unit.polygons.flat().reduce((n, ring) => n + ring.length - 1, 0)} ring vertices, neighbours ${[...neighbours.get(unit.id)].sort().join(' ') || '-'}`);
}
console.log('reference points (m):');
for (const { name, lonlat, xy } of referencePoints) console.log(`  ${name} ${lonlat} -> ${xy.map((v) => v.toFixed(3))}`);

finish();

function finish() {
  for (const w of warnings) console.log(`warning: ${w}`);
  if (errors.length) {
    for (const e of errors) console.error(`ERROR: ${e}`);
    console.error(`${errors.length} errors; ${args.output} not written`);
    process.exit(1);
  }
  writeFileSync(args.output, text);
  const gzipped = gzipSync(Buffer.from(text), { level: 9 }).length;
  console.log(`wrote ${args.output}: ${Buffer.byteLength(text)} bytes raw, ${gzipped} bytes zlib level 9`);
}
