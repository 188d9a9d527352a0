// The benchmark: shengtu beside the ECharts and D3 reference pages, in one
// headless Chromium run, cold loads interleaved. Writes a Markdown table with
// ratios to each reference and JSON to target/bench/.
//   node bench/run.mjs [--runs N] [--variant default|geometry-x2|geometry-x4|data-x10|all]
import { createServer } from 'node:http';
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import { chromium } from 'playwright-core';

const root = new URL('..', import.meta.url).pathname;
const site = join(root, 'target/bench/site');
const args = process.argv.slice(2);
const arg = (name, fallback) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : fallback; };
const RUNS = Number(arg('runs', '5'));
const VARIANTS = {
  default: '',
  'geometry-x2': 'geometry=-x2',
  'geometry-x4': 'geometry=-x4',
  'data-x10': 'data=data-x10.json',
};
const wanted = arg('variant', 'all');
const variants = wanted === 'all' ? Object.keys(VARIANTS) : [wanted];
const HOVER_IDS = ['CN-SC', 'CN-GS', 'CN-NM', 'CN-YN', 'CN-HN', 'CN-HB', 'CN-JX', 'CN-ZJ', 'CN-SD', 'CN-HE'];

// A static server for the bench site.
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css', '.png': 'image/png' };
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  let file = join(site, path.endsWith('/') ? `${path}index.html` : path);
  if (!file.startsWith(site) || !existsSync(file)) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
  res.end(readFileSync(file));
}).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${server.address().port}`;

function pageUrl(page, variant) {
  const q = VARIANTS[variant];
  if (page === 'shengtu') {
    const p = new URLSearchParams();
    if (q.startsWith('geometry=')) p.set('geometry', `china${q.slice(9)}.geo.json`);
    if (q.startsWith('data=')) p.set('data', q.slice(5));
    p.set('metric', 'cases_solved');
    p.set('lang', 'zh-Hans');
    return `${base}/shengtu/?${p}`;
  }
  return `${base}/${page}/?${q}`;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function measure(page, variant) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  await context.addInitScript(() => {
    // shengtu: the first frame after the canvas is drawn (data-ready).
    new MutationObserver((_, observer) => {
      const canvas = document.querySelector('canvas[data-ready="1"]');
      if (canvas) { observer.disconnect(); requestAnimationFrame(() => { window.__painted ??= performance.now(); }); }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'] });
  });
  const tab = await context.newPage();
  const client = await context.newCDPSession(tab);
  await client.send('Performance.enable');
  const resources = [];
  tab.on('response', async (r) => {
    try { const body = await r.body(); resources.push({ url: r.url().replace(base, ''), raw: body.length, gzip: gzipSync(body, { level: 9 }).length }); } catch { /* redirects, aborted */ }
  });
  await tab.goto(pageUrl(page, variant));
  await tab.waitForFunction(() => window.__painted, null, { timeout: 60000 });
  await tab.waitForLoadState('networkidle');
  const metric = async (name) => (await client.send('Performance.getMetrics')).metrics.find((m) => m.name === name).value;
  const painted = await tab.evaluate(() => window.__painted);
  const busy = (await metric('TaskDuration')) * 1000;
  await client.send('HeapProfiler.collectGarbage');
  const heap = await metric('JSHeapUsedSize');
  const wasm = page === 'shengtu' ? await tab.evaluate(() => window.shengtu.memoryBytes()) : 0;
  const point = (id) => tab.evaluate((id) => (window.shengtu ? window.shengtu.anchorOf(id) : window.__pointFor(id)), id);
  // hover → highlight: input event to the next frame.
  const first = await point('CN-SC');
  await tab.mouse.move(5, 5);
  const hover = await tab.evaluate(async ({ x, y }) => {
    const target = document.elementFromPoint(x, y);
    const t0 = performance.now();
    for (const type of ['pointermove', 'mousemove', 'mouseover']) {
      const Ctor = type.startsWith('pointer') ? PointerEvent : MouseEvent;
      target.dispatchEvent(new Ctor(type, { clientX: x, clientY: y, bubbles: true, pointerType: 'mouse' }));
    }
    await new Promise((r) => requestAnimationFrame(() => r()));
    return performance.now() - t0;
  }, first);
  // Per-hover main-thread cost over a sweep of 50 changes (real mouse input).
  const points = [];
  for (let i = 0; i < 50; i++) points.push(await point(HOVER_IDS[i % HOVER_IDS.length]));
  const before = await metric('TaskDuration');
  for (const p of points) { await tab.mouse.move(p.x, p.y); await tab.evaluate(() => new Promise((r) => requestAnimationFrame(() => r()))); }
  const sweep = ((await metric('TaskDuration')) - before) * 1000 / points.length;
  // click → story visible.
  const target = await point('CN-GS');
  const story = await tab.evaluate(async ({ x, y }) => {
    const el = document.elementFromPoint(x, y);
    const t0 = performance.now();
    for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) {
      const Ctor = type.startsWith('pointer') ? PointerEvent : MouseEvent;
      el.dispatchEvent(new Ctor(type, { clientX: x, clientY: y, bubbles: true, pointerType: 'mouse', button: 0 }));
    }
    const visible = () => { const s = document.querySelector('.shengtu-story:not([hidden]), #story:not([hidden])'); return s && s.textContent.length > 0; };
    while (!visible()) { await new Promise((r) => requestAnimationFrame(() => r())); if (performance.now() - t0 > 5000) return null; }
    await new Promise((r) => requestAnimationFrame(() => r()));
    return performance.now() - t0;
  }, target);
  await context.close();
  return {
    transferRaw: resources.reduce((s, r) => s + r.raw, 0),
    transferGzip: resources.reduce((s, r) => s + r.gzip, 0),
    resources, firstPaint: painted, busy, heap, wasm, hover, sweep, story,
  };
}

const summary = (xs) => { const v = xs.filter((x) => x != null).sort((a, b) => a - b); return { median: v[Math.floor((v.length - 1) / 2)], min: v[0] }; };
const results = {};
for (const variant of variants) {
  results[variant] = { shengtu: [], echarts: [], d3: [] };
  for (let run = 0; run < RUNS; run++) {
    for (const page of ['shengtu', 'echarts', 'd3']) results[variant][page].push(await measure(page, variant)); // interleaved
  }
}
await browser.close();
server.close();

const rows = [
  ['transfer, raw (KB)', 'transferRaw', 1 / 1024],
  ['transfer, gzip (KB)', 'transferGzip', 1 / 1024],
  ['first map paint (ms)', 'firstPaint', 1],
  ['main-thread busy during load (ms)', 'busy', 1],
  ['JS heap after load (MB)', 'heap', 1 / 1048576],
  ['hover → next frame (ms)', 'hover', 1],
  ['per-hover main-thread cost (ms)', 'sweep', 1],
  ['click → story visible (ms)', 'story', 1],
];
const fmt = (x) => (x == null ? 'n/a' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
let md = `Machine: ${os.cpus().length} × ${os.cpus()[0].model}, headless Chromium (--disable-gpu: software rendering), ${RUNS} cold loads per page, interleaved; median (min).\n`;
const json = { machine: { cpus: os.cpus().length, model: os.cpus()[0].model }, runs: RUNS, variants: {} };
for (const variant of variants) {
  md += `\n### ${variant}\n\n| measure | shengtu | ECharts | D3 | shengtu ÷ ECharts | shengtu ÷ D3 |\n|---|---:|---:|---:|---:|---:|\n`;
  json.variants[variant] = {};
  for (const [label, key, scale] of rows) {
    const s = Object.fromEntries(['shengtu', 'echarts', 'd3'].map((p) => [p, summary(results[variant][p].map((r) => (r[key] == null ? null : r[key] * scale)))]));
    json.variants[variant][key] = s;
    const ratio = (a, b) => (a.median != null && b.median ? (a.median / b.median).toFixed(2) : 'n/a');
    md += `| ${label} | ${fmt(s.shengtu.median)} (${fmt(s.shengtu.min)}) | ${fmt(s.echarts.median)} (${fmt(s.echarts.min)}) | ${fmt(s.d3.median)} (${fmt(s.d3.min)}) | ${ratio(s.shengtu, s.echarts)} | ${ratio(s.shengtu, s.d3)} |\n`;
  }
  const wasm = summary(results[variant].shengtu.map((r) => r.wasm / 1048576));
  md += `\nshengtu's WebAssembly memory after load: ${fmt(wasm.median)} MB (not in the JS heap figure).\n`;
  json.variants[variant].resources = Object.fromEntries(['shengtu', 'echarts', 'd3'].map((p) => [p, results[variant][p][0].resources]));
}
// Where shengtu's bytes go: the wasm's sections, and the two assets embedded in its data.
function wasmSections(bytes) {
  const names = { 1: 'type', 2: 'import', 3: 'function', 7: 'export', 10: 'code', 11: 'data', 0: 'custom' };
  const out = {};
  let i = 8;
  const leb = () => { let r = 0, shift = 0, b; do { b = bytes[i++]; r |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80); return r >>> 0; };
  while (i < bytes.length) {
    const id = bytes[i++]; const size = leb(); const name = names[id] || 'other';
    out[name] = out[name] || []; out[name].push(bytes.subarray(i, i + size)); i += size;
  }
  return out;
}
const wasmBytes = readFileSync(join(root, 'dist/shengtu_bg.wasm'));
const sections = wasmSections(wasmBytes);
const size = (chunks) => { const b = Buffer.concat(chunks); return { raw: b.length, gzip: gzipSync(b, { level: 9 }).length }; };
const embedded = {
  'geometry (assets/provinces.stg)': readFileSync(join(root, 'assets/provinces.stg')),
  'dataset (assets/data/campaign-2022.json)': readFileSync(join(root, 'assets/data/campaign-2022.json')),
};
const breakdown = [
  ['wasm: code section', size(sections.code || [])],
  ['wasm: data section (all)', size(sections.data || [])],
  ...Object.entries(embedded).map(([k, b]) => [`  of which ${k}`, { raw: b.length, gzip: gzipSync(b, { level: 9 }).length }]),
  ['wasm: imports, exports, types, functions', size([...(sections.import || []), ...(sections.export || []), ...(sections.type || []), ...(sections.function || [])])],
  ['wasm: whole file', { raw: wasmBytes.length, gzip: gzipSync(wasmBytes, { level: 9 }).length }],
];
if (results.default) {
  md += `\n### What shengtu's page loads (default)\n\n| resource | raw (B) | gzip -9 (B) |\n|---|---:|---:|\n`;
  for (const r of results.default.shengtu[0].resources) md += `| \`${r.url.split('?')[0]}\` | ${r.raw} | ${r.gzip} |\n`;
}
md += `\n### Where shengtu's bytes go (dist/shengtu_bg.wasm)\n\n| part | raw (B) | gzip -9 (B) |\n|---|---:|---:|\n`;
for (const [label, { raw, gzip }] of breakdown) md += `| ${label} | ${raw} | ${gzip} |\n`;
md += `\nSections are compressed one by one, so the parts add up to a little more than the whole file.\n`;
json.wasmBreakdown = Object.fromEntries(breakdown);
mkdirSync(join(root, 'target/bench'), { recursive: true });
writeFileSync(join(root, 'target/bench/results.json'), JSON.stringify({ ...json, raw: results }, null, 2));
writeFileSync(join(root, 'target/bench/results.md'), md);
console.log(md);
