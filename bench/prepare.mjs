// Builds the benchmark site in target/bench/site/: shengtu's release dist/
// and two reference pages built from npm packages with the same geometry and
// data: ECharts (canvas renderer, registerMap, visualMap, tooltip) and D3
// (d3-geo conic equal-area, SVG paths). Also the scaling variants: geometry
// with 2× and 4× the vertices (every edge split, same shapes) and a 10×
// dataset (every story repeated ten times).
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const site = join(root, 'target/bench/site');
rmSync(site, { recursive: true, force: true });
mkdirSync(site, { recursive: true });
cpSync(join(root, 'dist'), join(site, 'shengtu'), { recursive: true });

// --- geometry: TopoJSON (projected metres) → GeoJSON in longitude/latitude
const topo = JSON.parse(readFileSync(join(root, 'assets/provinces.topo.json'), 'utf8'));
const R = 6371008.8, rad = Math.PI / 180;
const s1 = Math.sin(25 * rad), s2 = Math.sin(47 * rad);
const n = (s1 + s2) / 2, c = 1 + s1 * (2 * n - s1), rho0 = Math.sqrt(c) / n;
function invert([x, y]) { // spherical Albers inverse, as src/projection.rs
  x /= R; const r0y = rho0 - y / R;
  let l = Math.atan2(x, Math.abs(r0y)) * Math.sign(r0y);
  if (r0y * n < 0) l -= Math.PI * Math.sign(x) * Math.sign(r0y);
  const phi = Math.asin(Math.max(-1, Math.min(1, (c - (x * x + r0y * r0y) * n * n) / (2 * n))));
  return [+(l / n / rad + 105).toFixed(5), +(phi / rad).toFixed(5)];
}
const [sx, sy] = topo.transform.scale, [tx, ty] = topo.transform.translate;
const arcs = topo.arcs.map((arc) => { let x = 0, y = 0; return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; }); });
const ring = (list) => {
  const out = [];
  for (const a of list) {
    const pts = a < 0 ? [...arcs[~a]].reverse() : arcs[a];
    out.push(...(out.length ? pts.slice(1) : pts));
  }
  return out;
};
function densify(points, factor) {
  if (factor === 1) return points;
  const out = [];
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    for (let k = 0; k < factor; k++) out.push([a[0] + (b[0] - a[0]) * k / factor, a[1] + (b[1] - a[1]) * k / factor]);
  }
  out.push(points[points.length - 1]);
  return out;
}
function geojson(factor) {
  return {
    type: 'FeatureCollection',
    features: topo.objects.provinces.geometries.map((g) => {
      const polys = g.type === 'Polygon' ? [g.arcs] : g.arcs;
      return {
        type: 'Feature', id: g.id,
        properties: { id: g.id, name: g.properties.name['zh-Hans'], name_en: g.properties.name.en, adcode: g.properties.adcode, anchor: g.properties.anchor_lonlat },
        geometry: { type: 'MultiPolygon', coordinates: polys.map((p) => p.map((r) => densify(ring(r), factor).map(invert))) },
      };
    }),
  };
}
const data = JSON.parse(readFileSync(join(root, 'assets/data/campaign-2022.json'), 'utf8'));
function bigger(times) {
  const d = structuredClone(data);
  for (const r of d.regions) {
    const stories = r.stories;
    r.stories = [];
    for (let t = 0; t < times; t++) for (const s of stories) r.stories.push({ ...s, id: `${s.id}-${t}`, figures: t === 0 ? s.figures : s.figures.filter((f) => !f.metric) });
  }
  return d;
}

for (const [name, factor] of [['', 1], ['-x2', 2], ['-x4', 4]]) {
  const gj = JSON.stringify(geojson(factor));
  for (const dir of ['echarts', 'd3', 'shengtu']) {
    mkdirSync(join(site, dir), { recursive: true });
    writeFileSync(join(site, dir, `china${name}.geo.json`), gj);
  }
}
for (const dir of ['echarts', 'd3', 'shengtu']) {
  writeFileSync(join(site, dir, 'data.json'), JSON.stringify(data));
  writeFileSync(join(site, dir, 'data-x10.json'), JSON.stringify(bigger(10)));
}
cpSync(join(root, 'node_modules/echarts/dist/echarts.min.js'), join(site, 'echarts/echarts.min.js'));
cpSync(join(root, 'node_modules/d3/dist/d3.min.js'), join(site, 'd3/d3.min.js'));
for (const dir of ['echarts', 'd3']) {
  cpSync(join(root, `bench/${dir}.html`), join(site, dir, 'index.html'));
  cpSync(join(root, `bench/${dir}.js`), join(site, dir, 'main.js'));
  cpSync(join(root, 'bench/story.js'), join(site, dir, 'story.js'));
}
const vertices = (f) => geojson(f).features.reduce((s, ft) => s + ft.geometry.coordinates.flat(2).length, 0);
console.log(`bench site in ${site}: ${vertices(1)} / ${vertices(2)} / ${vertices(4)} ring vertices`);
