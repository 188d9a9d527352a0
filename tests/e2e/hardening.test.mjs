// Never break, never leak: strict CSP with zero violations, no request off
// the page's origin, the single-file build from file://, the no-script and
// no-WebAssembly fallbacks, text that stays text, hostile data and geometry,
// and flat memory over 1,000 changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { APP_URL, SHOTS, launch, open, anchorOf, pixelAt } from './support.mjs';

const DIST = new URL('../../dist/', import.meta.url).pathname;
const dataset = JSON.parse(readFileSync(new URL('../../assets/data/campaign-2022.json', import.meta.url)));
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Records CSP violations from the start of the page's life. */
async function withCspRecorder(context) {
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

test('the release page runs under its strict CSP with zero violations', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await withCspRecorder(context);
  const page = await context.newPage();
  const console = [];
  page.on('console', (m) => console.push(m.text()));
  await page.goto(`${APP_URL}?lang=en`);
  await page.locator('canvas[data-ready="1"]').waitFor({ timeout: 20000 });
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.ok(csp.includes("script-src 'self' 'wasm-unsafe-eval'"), csp);
  assert.ok(!csp.includes('unsafe-inline') && !/'unsafe-eval'/.test(csp), csp);
  assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline scripts');
  // Exercise everything that touches the DOM: select, metric, language, legend swatches.
  const { x, y } = await anchorOf(page, 'CN-GS');
  await page.mouse.click(x, y);
  await page.selectOption('select.shengtu-metric', 'cases_solved');
  await page.click('button[data-lang="zh-Hant"]');
  await page.keyboard.press('Escape');
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(console.filter((t) => /Content Security Policy/i.test(t)), []);
  await context.close();
});

test('every request goes to the page\'s own origin', async () => {
  const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${APP_URL}?region=CN-YN&metric=livestream_views&lang=en`);
  await page.locator('canvas[data-ready="1"]').waitFor({ timeout: 20000 });
  await page.click('button[data-lang="zh-Hans"]');
  const origin = new URL(APP_URL).origin;
  const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(foreign, []);
  assert.ok(requests.length >= 4, `only ${requests.length} requests recorded`);
  await context.close();
});

test('the single-file build works from file:// and reads a story', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`file://${DIST}shengtu-offline.html?lang=en`);
  await page.locator('canvas[data-ready="1"]').waitFor({ timeout: 20000 });
  await page.evaluate(() => window.shengtu.select('Yunnan'));
  const text = await page.locator('.shengtu-story').textContent();
  assert.match(text, /3\.6 million/);
  assert.deepEqual(errors, []);
  assert.deepEqual(requests.filter((u) => !/^(file|data|blob):/.test(u)), [], 'nothing fetched over the network');
  await page.screenshot({ path: `${SHOTS}offline-file.png` });
  await context.close();
});

test('without JavaScript: a static image of the map and the stories table', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1024, height: 900 } });
  const page = await context.newPage();
  await page.goto(APP_URL);
  const image = page.locator('noscript img.shengtu-fallback, img.shengtu-fallback').first();
  await image.waitFor();
  await image.evaluate((img) => (img.complete ? null : new Promise((r) => { img.onload = r; img.onerror = r; })));
  assert.ok(await image.evaluate((img) => img.complete && img.naturalWidth >= 1200), 'the fallback image loads');
  const rows = page.locator('table.shengtu-fallback-table tbody tr');
  assert.equal(await rows.count(), 10);
  const table = await page.locator('table.shengtu-fallback-table').textContent();
  for (const entry of dataset.regions) for (const story of entry.stories) assert.ok(table.includes(story.headline['zh-Hans']));
  await page.screenshot({ path: `${SHOTS}noscript-1024.png`, fullPage: true });
  await context.close();
});

test('without WebAssembly: the static image instead of a blank map', async () => {
  // As in browsers where policy or a lockdown mode removes WebAssembly.
  const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
  await context.addInitScript(() => { delete globalThis.WebAssembly; });
  try {
    const page = await context.newPage();
    await page.goto(APP_URL);
    assert.equal(await page.evaluate(() => typeof WebAssembly), 'undefined');
    const image = page.locator('#china-map img.shengtu-fallback');
    await image.waitFor({ timeout: 10000 });
    // The image is inserted when init fails; give it time to load (850 KB).
    await page.waitForFunction(() => { const img = document.querySelector('#china-map img.shengtu-fallback'); return img && img.complete && img.naturalWidth >= 1200; }, null, { timeout: 15000 });
    assert.match(await page.locator('#china-map').textContent(), /WebAssembly/);
  } finally {
    await context.close();
  }
});

const PAYLOADS = [
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss = 1">',
  '"><svg onload="window.__xss=1">',
  '</style><style>body { display: none }</style>',
  "javascript:window.__xss=1",
];

test('text from data stays text in every field that reaches the page', async () => {
  const { context, page, problems } = await open(browser, `${APP_URL}?lang=en`, { viewport: { width: 1280, height: 900 } });
  try {
    const evil = structuredClone(dataset);
    let n = 0;
    const poison = (t) => { for (const l of ['zh-Hans', 'zh-Hant', 'en']) t[l] = `${PAYLOADS[n++ % PAYLOADS.length]} ${t[l]}`; };
    poison(evil.title); poison(evil.source.name); evil.source.url = 'javascript:window.__xss=1';
    for (const m of evil.metrics) { poison(m.label); poison(m.unit); }
    for (const c of evil.focus_categories) poison(c.label);
    for (const r of evil.regions) for (const s of r.stories) {
      for (const f of ['headline', 'place', 'section', 'summary', 'source']) poison(s[f]);
      if (s.credit) poison(s.credit);
      for (const f of s.figures) { poison(f.label); if (f.period) poison(f.period.label); if (f.unit) poison(f.unit); }
    }
    const scriptsBefore = await page.locator('script').count();
    const reported = await page.evaluate((d) => window.shengtu.setData(d), evil);
    assert.deepEqual(reported, ['$.source.url: only http(s) links are allowed, found "javascript:window.__xss=1"']);
    await page.selectOption('select.shengtu-metric', 'cases_solved');
    for (const id of ['CN-GS', 'CN-YN', 'CN-JS']) {
      await page.evaluate((id) => window.shengtu.select(id), id);
      const text = await page.locator('.shengtu-story').textContent();
      assert.ok(text.includes('<img src=x onerror='), 'payloads show as literal text');
    }
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => window.__xss), undefined, 'no payload ran');
    assert.equal(await page.locator('img[src="x"], svg[onload], .shengtu-map script, .shengtu-map style').count(), 0);
    assert.equal(await page.locator('script').count(), scriptsBefore);
    assert.ok(await page.locator('body').isVisible());
    assert.deepEqual(problems.filter((p) => !p.startsWith('console: Failed to load resource')), []);
  } finally {
    await context.close();
  }
});

test('hostile data and geometry give located messages and never a blank page', async () => {
  const { context, page } = await open(browser, `${APP_URL}?lang=en`, { viewport: { width: 1024, height: 900 } });
  try {
    const huge = structuredClone(dataset);
    huge.regions[0].stories[0].summary.en = 'x'.repeat(10 * 1024 * 1024);
    let reported = await page.evaluate((d) => window.shengtu.setData(JSON.stringify(d)), huge);
    assert.ok(reported.some((r) => r.startsWith('$.regions[0].stories[0].summary.en: text too long')), reported.join('\n'));

    const many = structuredClone(dataset);
    const template = many.regions[6].stories[0];
    many.regions[6].stories = Array.from({ length: 10000 }, (_, i) => ({ ...template, id: `s${i}` }));
    reported = await page.evaluate((d) => window.shengtu.setData(d), many);
    assert.ok(reported.some((r) => r.includes('too many stories')), reported.slice(0, 3).join('\n'));

    const absurd = structuredClone(dataset);
    absurd.regions[4].stories[0].figures[0].value = -5;
    absurd.regions[4].stories[0].figures[1].value = 1e300;
    absurd.regions[5].stories[0].figures[0].value = 'NaN';
    reported = await page.evaluate((d) => window.shengtu.setData(d), absurd);
    assert.equal(reported.length, 3, reported.join('\n'));

    const brokenGeometry = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'Gansu' }, geometry: { type: 'Polygon', coordinates: [[[36, 100], [36, 104], [39, 104], [39, 100], [36, 100]]] } },
        { type: 'Feature', properties: { name: 'Sichuan' }, geometry: { type: 'Polygon', coordinates: [[[100, 28], [104, 32], [104, 28], [100, 32], [100, 28]]] } },
        { type: 'Feature', properties: { name: 'Qinghai' }, geometry: { type: 'Polygon', coordinates: [[]] } },
        { type: 'Feature', properties: { name: 'Atlantis' }, geometry: { type: 'Polygon', coordinates: [[[1, 1], [2, 1], [2, 2], [1, 1]]] } },
      ],
    };
    reported = await page.evaluate((g) => window.shengtu.setGeometry(g), brokenGeometry);
    const banner = await page.locator('.shengtu-errors').textContent();
    for (const words of ['$.features[0].geometry.coordinates: coordinates look like [latitude, longitude]', '$.features[1].geometry.coordinates[0][0]: ring crosses itself', '$.features[2]', '$.features[3]: unknown region']) {
      assert.ok(reported.some((r) => r.includes(words)), `${words} not reported: ${reported.join('\n')}`);
      assert.ok(banner.includes(words), `${words} not in the banner`);
    }
    assert.deepEqual(await page.evaluate(() => window.shengtu.regions()), ['CN-GS', 'CN-SC']);
    assert.notDeepEqual(await pixelAt(page, await anchorOf(page, 'CN-GS')), [255, 255, 255], 'the valid part draws');
    reported = await page.evaluate(() => window.shengtu.setGeometry('{"type": "Topology", "arcs": 5}'));
    assert.ok(reported.length >= 1);
    assert.equal((await page.evaluate(() => window.shengtu.regions())).length, 2, 'an unusable file keeps the current map');
    await page.screenshot({ path: `${SHOTS}hostile-1024.png` });
  } finally {
    await context.close();
  }
});

test('1,000 consecutive changes leave JS heap and Wasm memory flat', async () => {
  const { context, page, problems } = await open(browser, `${APP_URL}?lang=en`, { viewport: { width: 1024, height: 900 } });
  try {
    const client = await context.newCDPSession(page);
    const measure = async () => {
      await client.send('HeapProfiler.collectGarbage');
      const { usedSize } = await client.send('Runtime.getHeapUsage');
      return { heap: usedSize, wasm: await page.evaluate(() => window.shengtu.memoryBytes()) };
    };
    const churn = (n, offset) => page.evaluate(({ n, offset }) => {
      const s = window.shengtu, ids = s.regions(), metrics = s.metrics(), langs = ['zh-Hans', 'zh-Hant', 'en'];
      for (let i = offset; i < offset + n; i++) {
        switch (i % 3) {
          case 0: s.select(ids[i % ids.length]); break;
          case 1: s.setMetric(metrics[i % metrics.length]); break;
          default: s.setLang(langs[i % 3]);
        }
      }
    }, { n, offset });
    await churn(100, 0); // warm up: caches, JIT, first allocations
    const start = await measure();
    await churn(1000, 100);
    const end = await measure();
    const report = `heap ${start.heap} → ${end.heap} B, wasm ${start.wasm} → ${end.wasm} B`;
    console.log(`# memory: ${report}`);
    assert.ok(end.heap < start.heap * 1.5 + 2e6, `JS heap grew: ${report}`);
    assert.ok(end.wasm <= start.wasm + 4 * 65536 * 16, `Wasm memory grew: ${report}`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a panic in the Wasm code is replaced by a readable message', async () => {
  const { context, page } = await open(browser, `${APP_URL}?lang=en`, { viewport: { width: 800, height: 900 } });
  try {
    const threw = await page.evaluate(() => { try { window.shengtu.debugPanic(); return false; } catch { return true; } });
    assert.ok(threw, 'the call fails');
    const message = page.locator('#china-map .shengtu-error[role="alert"]');
    assert.match(await message.textContent(), /internal error; please reload/);
    assert.equal(await page.locator('#china-map canvas').count(), 0, 'the broken map is gone');
  } finally {
    await context.close();
  }
});

test('a data link is http(s) only and opens with rel="noopener noreferrer"', async () => {
  const { context, page, problems } = await open(browser, `${APP_URL}?lang=en`, { viewport: { width: 800, height: 900 } });
  try {
    const linked = structuredClone(dataset);
    linked.source.url = 'https://example.org/report';
    assert.deepEqual(await page.evaluate((d) => window.shengtu.setData(d), linked), []);
    const link = page.locator('.shengtu-legend a[href="https://example.org/report"]');
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
