// End-to-end: the release dist/ served on localhost, driven in Debian's
// headless Chromium through playwright-core. Run by scripts/test.sh with
// APP_URL set; screenshots go to target/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const APP_URL = process.env.APP_URL;
const SHOTS = new URL('../../target/e2e/', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

let browser;
before(async () => {
  assert.ok(APP_URL, 'APP_URL must point at a server for dist/');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => { await browser?.close(); });

/** Opens the page and fails the test on any page error or console error. */
async function open(url, options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(url);
  await page.locator('canvas[data-ready="1"]').waitFor({ timeout: 20000 });
  return { context, page, problems };
}

const anchorOf = (page, id) => page.evaluate((id) => window.shengtu.anchorOf(id), id);

for (const { width, scale } of [{ width: 375, scale: 2 }, { width: 1280, scale: 1 }]) {
  test(`hover and click three provinces including Macau at ${width} px`, async () => {
    const { context, page, problems } = await open(APP_URL, {
      viewport: { width, height: 900 }, deviceScaleFactor: scale,
    });
    try {
      const regions = await page.evaluate(() => window.shengtu.regions());
      assert.equal(regions.length, 34);
      const canvas = page.locator('canvas.shengtu-canvas');
      const box = await canvas.boundingBox();
      const container = await page.locator('#china-map').evaluate((e) => e.getBoundingClientRect().width);
      assert.ok(container <= width, `container ${container} px in a ${width} px viewport`);
      assert.equal(box.width, Math.min(Math.max(Math.floor(container), 320), 1600), 'canvas fills its container');
      assert.equal(await canvas.evaluate((c) => c.width), Math.round(box.width * scale), 'canvas is drawn at device resolution');

      for (const [id, name] of [['CN-GS', /甘肃/], ['CN-SH', /上海/], ['CN-MO', /澳门/]]) {
        const { x, y } = await anchorOf(page, id);
        await page.mouse.move(x, y);
        assert.equal(await page.evaluate(({ x, y }) => window.shengtu.regionAt(x, y), { x, y }), id);
        assert.equal(await canvas.evaluate((c) => c.style.cursor), 'pointer', `${id}: hover shows a pointer`);
        await page.mouse.click(x, y);
        assert.equal(await page.evaluate(() => window.shengtu.selected()), id);
        assert.match(await page.locator('.shengtu-status').textContent(), name);
      }
      await page.screenshot({ path: `${SHOTS}map-${width}.png`, fullPage: true });
      // A click on open sea (East China Sea, right of Shanghai) clears the selection.
      const sh = await anchorOf(page, 'CN-SH');
      const sea = { x: sh.x + (width > 400 ? 60 : 20), y: sh.y + 6 };
      assert.equal(await page.evaluate(({ x, y }) => window.shengtu.regionAt(x, y), sea), null);
      await page.mouse.click(sea.x, sea.y);
      assert.equal(await page.evaluate(() => window.shengtu.selected()), null);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

test('a tap on a phone selects Hong Kong through its callout marker', async () => {
  const { context, page, problems } = await open(APP_URL, {
    viewport: { width: 375, height: 800 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true,
  });
  try {
    const { x, y } = await anchorOf(page, 'CN-HK');
    await page.touchscreen.tap(x + 8, y - 7); // inside the 24 px target, off centre
    assert.equal(await page.evaluate(() => window.shengtu.selected()), 'CN-HK');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

for (const link of ['?region=CN-GS', '#region=CN-MO', '?region=%E5%86%85%E8%92%99%E5%8F%A4']) {
  test(`deep link ${link} preselects its region`, async () => {
    const { context, page, problems } = await open(new URL(link, APP_URL).href, { viewport: { width: 800, height: 800 } });
    try {
      const expected = { '?region=CN-GS': 'CN-GS', '#region=CN-MO': 'CN-MO' }[link] ?? 'CN-NM';
      assert.equal(await page.evaluate(() => window.shengtu.selected()), expected);
      assert.equal(await page.locator('canvas').getAttribute('data-selected'), expected);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}
