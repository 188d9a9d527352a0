// Embedding and access: the iframe page reports its height (Datawrapper and
// Pym.js messages) and the host resizes it; two script-embedded maps work
// independently; a tap selects and a one-finger swipe scrolls the page; a
// keyboard-only path; axe-core finds no violations in either colour scheme;
// labels never overlap; downloads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { APP_URL, SHOTS, launch, open } from './support.mjs';

const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Serves a host page at APP_URL/<name> from memory (same origin as dist/). */
async function hostPage(context, name, html) {
  await context.route(new URL(name, APP_URL).href, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  return new URL(name, APP_URL).href;
}

test('the iframe embed reports its height and the host resizes it (Datawrapper and Pym.js)', async () => {
  const context = await browser.newContext({ viewport: { width: 800, height: 700 } });
  try {
    const url = await hostPage(context, 'host-iframe.html', `<!doctype html><html><body style="margin:0">
      <p>Article text above the map.</p>
      <iframe id="map" src="./?embed=1&id=drugmap&childId=pym1&lang=en" style="width:100%;height:150px;border:0" title="Map"></iframe>
      <script>
        window.heights = []; window.pym = [];
        addEventListener('message', (e) => {
          if (typeof e.data === 'string' && e.data.startsWith('pymxPYMx')) { window.pym.push(e.data); return; }
          const h = e.data && e.data['datawrapper-height'];
          if (h && h.drugmap) { window.heights.push(h.drugmap); document.getElementById('map').style.height = h.drugmap + 'px'; }
        });
      </script></body></html>`);
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.heights.length > 0 && window.heights.at(-1) > 500, null, { timeout: 20000 });
    const frame = page.frameLocator('#map');
    await frame.locator('canvas[data-ready="1"]').waitFor();
    assert.equal(await frame.locator('.shengtu-footer').isVisible(), false, 'no page chrome in the embed');
    const header = await frame.locator('.shengtu-header').boundingBox();
    assert.ok(header.height <= 1, 'the title is only for screen readers');
    const reported = await page.evaluate(() => window.heights.at(-1));
    const content = await frame.locator('html').evaluate((e) => Math.ceil(e.getBoundingClientRect().height));
    assert.ok(Math.abs(reported - content) <= 2, `reported ${reported}, content ${content}`);
    const box = await page.locator('#map').boundingBox();
    assert.ok(Math.abs(box.height - reported) <= 1, 'the host resized the iframe');
    assert.match(await page.evaluate(() => window.pym.at(-1)), /^pymxPYMxpym1xPYMxheightxPYMx\d+$/);
    await page.screenshot({ path: `${SHOTS}embed-iframe-800.png`, fullPage: true });
  } finally {
    await context.close();
  }
});

test('two script-embedded maps on one page work independently', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const url = await hostPage(context, 'host-two.html', `<!doctype html><html><head>
      <link rel="stylesheet" href="./map.css"></head><body>
      <div id="a" data-shengtu data-lang="en"></div>
      <div id="b" data-shengtu data-lang="zh-Hant" data-metric="cases_solved"></div>
      <script>
        window.events = [];
        for (const id of ['a', 'b']) for (const name of ['ready', 'select']) {
          document.getElementById(id).addEventListener('shengtu:' + name, (e) => window.events.push([id, name, e.detail && e.detail.id]));
        }
      </script>
      <script type="module" src="./embed.js"></script></body></html>`);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('a').shengtu && document.getElementById('b').shengtu, null, { timeout: 20000 });
    await page.waitForFunction(() => window.events.filter((e) => e[1] === 'ready').length === 2);
    const [a, b] = ['#a', '#b'].map((s) => page.locator(s));
    assert.equal(await page.evaluate(() => document.getElementById('a').shengtu.metric()), 'focus');
    assert.equal(await page.evaluate(() => document.getElementById('b').shengtu.metric()), 'cases_solved');
    await page.evaluate(() => document.getElementById('a').shengtu.select('CN-YN'));
    assert.equal(await page.evaluate(() => document.getElementById('b').shengtu.selected()), null);
    assert.match(await a.locator('.shengtu-story').textContent(), /Yunnan/);
    assert.ok(await b.locator('.shengtu-story').isHidden());
    await page.evaluate(() => document.getElementById('b').shengtu.select('CN-GS'));
    assert.match(await b.locator('.shengtu-story').textContent(), /甘肅/);
    assert.equal(await page.evaluate(() => document.getElementById('a').shengtu.selected()), 'CN-YN');
    const selects = await page.evaluate(() => window.events.filter((e) => e[1] === 'select'));
    assert.deepEqual(selects, [['a', 'select', 'CN-YN'], ['b', 'select', 'CN-GS']]);
    assert.ok(!page.url().includes('region='), 'embedded maps leave the host URL alone');
    await page.evaluate(() => document.getElementById('a').shengtu.destroy());
    assert.equal(await a.locator('canvas').count(), 0);
    assert.equal(await b.locator('canvas[data-ready="1"]').count(), 1, 'destroying one leaves the other');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('touch: a tap selects and shows a tooltip, a one-finger swipe scrolls the page', async () => {
  const { context, page, problems } = await open(browser, `${APP_URL}?lang=en`, {
    viewport: { width: 375, height: 700 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true,
  });
  try {
    const { x, y } = await page.evaluate(() => window.shengtu.anchorOf('CN-SC'));
    await page.touchscreen.tap(x, y);
    assert.equal(await page.evaluate(() => window.shengtu.selected()), 'CN-SC');
    const tip = page.locator('.shengtu-tooltip[role="tooltip"]');
    assert.ok(await tip.isVisible());
    assert.match(await tip.textContent(), /Sichuan/);
    const box = await tip.boundingBox();
    const viewport = await page.evaluate(() => window.innerWidth);
    assert.ok(box.x >= 0 && box.x + box.width <= viewport, `tooltip at ${JSON.stringify(box)} inside a ${viewport} px viewport`);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => window.shengtu.selected() === null);
    // Swipe up with one finger starting on the map.
    const start = await page.evaluate(() => window.scrollY);
    const client = await context.newCDPSession(page);
    const touch = (type, py) => client.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x: Math.round(x), y: Math.round(py) }] });
    await touch('touchStart', y);
    for (let step = 1; step <= 12; step++) await touch('touchMove', y - step * 25);
    await touch('touchEnd', y - 300);
    await page.waitForFunction((s) => window.scrollY > s + 100, start, { timeout: 5000 });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('keyboard only: tab to the map, visit three neighbours, open and close a story', async () => {
  const { context, page, problems } = await open(browser, `${APP_URL}?lang=en`, { viewport: { width: 1280, height: 900 } });
  try {
    const canvas = page.locator('canvas.shengtu-canvas');
    for (let i = 0; i < 10 && !(await canvas.evaluate((c) => c === document.activeElement)); i++) await page.keyboard.press('Tab');
    assert.ok(await canvas.evaluate((c) => c === document.activeElement), 'the map is a tab stop');
    await page.keyboard.press('Home');
    const visited = [await canvas.getAttribute('data-focused')];
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight']) {
      await page.keyboard.press(key);
      visited.push(await canvas.getAttribute('data-focused'));
    }
    assert.equal(new Set(visited).size, 4, `visited ${visited}`);
    assert.match(await page.locator('.shengtu-status').textContent(), new RegExp(visited.length ? '' : '.'));
    const last = visited.at(-1);
    await page.keyboard.press('Enter');
    await page.locator('.shengtu-story').waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => window.shengtu.selected()), last);
    assert.ok(await page.evaluate(() => document.activeElement.classList.contains('shengtu-story')), 'focus moves into the story');
    await page.keyboard.press('Escape');
    await page.locator('.shengtu-story').waitFor({ state: 'hidden' });
    assert.ok(await canvas.evaluate((c) => c === document.activeElement), 'focus returns to the map');
    await page.keyboard.press('End');
    assert.ok(await canvas.getAttribute('data-focused'));
    await page.screenshot({ path: `${SHOTS}keyboard-1280.png` });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

for (const scheme of ['light', 'dark']) {
  for (const [name, path] of [['standalone', '?lang=en&region=CN-GS'], ['embed', '?embed=1&lang=zh-Hans&metric=cases_solved']]) {
    test(`axe-core finds no violations: ${name} page, ${scheme} scheme`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme, bypassCSP: true });
      try {
        const page = await context.newPage();
        await page.goto(new URL(path, APP_URL).href);
        await page.locator('canvas[data-ready="1"]').waitFor({ timeout: 20000 });
        await page.addScriptTag({ content: AXE });
        const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }));
        const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
        assert.deepEqual(found, []);
        const dark = await page.locator('.shengtu-map').evaluate((e) => e.classList.contains('shengtu-map--dark'));
        assert.equal(dark, scheme === 'dark');
        await page.screenshot({ path: `${SHOTS}axe-${name}-${scheme}.png` });
      } finally {
        await context.close();
      }
    });
  }
}

test('labels never overlap at 375 and 1280 px, in every language', async () => {
  for (const width of [375, 1280]) {
    for (const lang of ['zh-Hans', 'zh-Hant', 'en']) {
      const { context, page } = await open(browser, `${APP_URL}?lang=${lang}`, { viewport: { width, height: 900 } });
      try {
        const boxes = await page.evaluate(() => window.shengtu.labelBoxes());
        assert.ok(boxes.length >= 10, `${width} ${lang}: ${boxes.length} labels`);
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i], boxes[j]];
          const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          assert.ok(!overlap, `${width} ${lang}: ${a.text} overlaps ${b.text}`);
        }
      } finally {
        await context.close();
      }
    }
  }
});

test('downloads: a 2× PNG with legend and a CSV of the current metric', async () => {
  const { context, page, problems } = await open(browser, `${APP_URL}?lang=en&metric=cases_solved`, { viewport: { width: 800, height: 900 } });
  try {
    const csv = await page.evaluate(() => window.shengtu.toCsv());
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\n');
    assert.equal(lines[0], 'id,region,value,period,stories');
    assert.match(lines[1], /^CN-GS,Gansu,"more than 3,600 cases",Since 2018/);
    assert.equal(lines.length, 35);
    const size = await page.evaluate(async () => {
      const img = new Image();
      img.src = window.shengtu.toPng();
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    });
    assert.ok(size[0] >= 1280 && size[1] > size[0], `PNG ${size}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.shengtu-download--csv')]);
    assert.equal(download.suggestedFilename(), 'shengtu-cases_solved-en.csv');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('zoom: wheel only with focus or Ctrl, buttons, pinch; hit testing follows', async () => {
  const { context, page, problems } = await open(browser, `${APP_URL}?lang=en`, { viewport: { width: 1000, height: 800 } });
  try {
    const zoom = () => page.evaluate(() => window.shengtu.zoom());
    const bj = await page.evaluate(() => window.shengtu.anchorOf('CN-BJ'));
    await page.mouse.move(bj.x, bj.y);
    const scrolled = await page.evaluate(() => window.scrollY);
    await page.mouse.wheel(0, 200);
    await page.waitForFunction((s) => window.scrollY > s, scrolled);
    assert.equal(await zoom(), 1, 'a plain wheel scrolls the page, not the map');
    await page.evaluate(() => window.scrollTo(0, 0));
    const here = await page.evaluate(() => window.shengtu.anchorOf('CN-BJ'));
    await page.mouse.move(here.x, here.y);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -400);
    await page.keyboard.up('Control');
    await page.waitForFunction(() => window.shengtu.zoom() > 1.5);
    assert.equal(await page.evaluate(({ x, y }) => window.shengtu.regionAt(x, y), here), 'CN-BJ', 'the point under the cursor stays');
    const zoomed = await page.evaluate(() => window.shengtu.anchorOf('CN-TJ'));
    assert.equal(await page.evaluate(({ x, y }) => window.shengtu.regionAt(x, y), zoomed), 'CN-TJ', 'hit testing follows the zoom');
    await page.screenshot({ path: `${SHOTS}zoom-ctrl-wheel-1000.png` });
    await page.click('.shengtu-zoom--reset');
    assert.equal(await zoom(), 1);
    await page.click('.shengtu-zoom--in');
    assert.equal(await zoom(), 1.5);
    await page.click('.shengtu-zoom--out');
    assert.equal(await zoom(), 1);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('zoom: two fingers pinch the map', async () => {
  const { context, page, problems } = await open(browser, `${APP_URL}?lang=en`, {
    viewport: { width: 375, height: 800 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true,
  });
  try {
    const c = await page.evaluate(() => window.shengtu.anchorOf('CN-HB'));
    const client = await context.newCDPSession(page);
    const touch = (type, d) => client.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: type === 'touchEnd' ? [] : [{ x: Math.round(c.x - d), y: Math.round(c.y), id: 1 }, { x: Math.round(c.x + d), y: Math.round(c.y), id: 2 }],
    });
    await touch('touchStart', 20);
    for (let d = 24; d <= 80; d += 4) await touch('touchMove', d);
    await touch('touchEnd', 80);
    const scale = await page.evaluate(() => window.shengtu.zoom());
    assert.ok(scale > 2, `pinch zoomed to ${scale}`);
    await page.screenshot({ path: `${SHOTS}zoom-pinch-375.png` });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('setData and setGeometry load a newsroom file from a URL', async () => {
  const { context, page, problems } = await open(browser, `${APP_URL}?lang=en`, { viewport: { width: 1000, height: 800 } });
  try {
    const data = JSON.parse(readFileSync(new URL('../../assets/data/campaign-2022.json', import.meta.url)));
    data.regions = data.regions.filter((r) => r.region === 'CN-GS');
    await context.route(new URL('newsroom.json', APP_URL).href, (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(data) }));
    assert.deepEqual(await page.evaluate(() => window.shengtu.setData('newsroom.json')), []);
    assert.equal(await page.locator('.shengtu-table tbody tr').first().getAttribute('data-region'), 'CN-GS');
    const missing = await page.evaluate(() => window.shengtu.setData('no-such-file.json'));
    assert.equal(missing.length, 1);
    assert.match(missing[0], /HTTP 404/);
    assert.match(await page.locator('.shengtu-errors').textContent(), /no-such-file\.json: HTTP 404/);
    const geometry = await page.evaluate(() => window.shengtu.setGeometry('provinces-nowhere.topo.json'));
    assert.match(geometry[0], /HTTP 404/);
    assert.equal((await page.evaluate(() => window.shengtu.regions())).length, 34, 'a failed load keeps the map');
    assert.deepEqual(problems.filter((p) => !/404/.test(p)), []);
  } finally {
    await context.close();
  }
});

test('?data=<url>: the first drawn map already shows the newsroom data; a failed load shows none', async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  try {
    const data = JSON.parse(readFileSync(new URL('../../assets/data/campaign-2022.json', import.meta.url)));
    data.regions = data.regions.filter((r) => r.region === 'CN-GS');
    await context.route(new URL('slow-newsroom.json', APP_URL).href, async (r) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await r.fulfill({ contentType: 'application/json', body: JSON.stringify(data) });
    });
    // What the page shows the moment the map is first drawn.
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (!document.querySelector('canvas.shengtu-canvas[data-ready="1"]')) return;
        observer.disconnect();
        window.__firstDrawn = {
          firstRow: document.querySelector('.shengtu-table tbody tr')?.getAttribute('data-region'),
          legend: document.querySelector('.shengtu-legend')?.textContent ?? '',
        };
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'] });
    });
    const page = await context.newPage();
    await page.goto(`${APP_URL}?lang=en&data=slow-newsroom.json`);
    await page.waitForFunction(() => window.__firstDrawn);
    const first = await page.evaluate(() => window.__firstDrawn);
    assert.equal(first.firstRow, 'CN-GS', 'the first drawn map uses the loaded data');
    assert.doesNotMatch(first.legend, /Inner Mongolia|Yunnan|Hainan/, 'no built-in regions in the first legend');
    assert.equal(await page.locator('.shengtu-map').getAttribute('aria-busy'), null);

    await page.goto(`${APP_URL}?lang=en&data=missing-newsroom.json`);
    await page.locator('canvas.shengtu-canvas[data-ready="1"]').waitFor();
    assert.match(await page.locator('.shengtu-errors').textContent(), /missing-newsroom\.json: HTTP 404/);
    assert.doesNotMatch(await page.locator('.shengtu-legend').textContent(), /Inner Mongolia|Gansu/, 'a failed load shows no data, not the built-in dataset');
  } finally {
    await context.close();
  }
});
