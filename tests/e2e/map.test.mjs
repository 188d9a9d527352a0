// End-to-end: the release dist/ served on localhost, driven in Debian's
// headless Chromium through playwright-core. Run by scripts/test.sh with
// APP_URL set; screenshots go to target/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { APP_URL, SHOTS, launch, open as openPage, anchorOf } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
const open = (url, options) => openPage(browser, url, options);

for (const { width, scale } of [{ width: 375, scale: 2 }, { width: 1280, scale: 1 }]) {
  test(`hover and click three provinces including Macau at ${width} px`, async () => {
    const { context, page, problems } = await open(`${APP_URL}?lang=zh-Hans`, {
      viewport: { width, height: 900 }, deviceScaleFactor: scale,
    });
    try {
      const regions = await page.evaluate(() => window.shengtu.regions());
      assert.equal(regions.length, 34);
      const canvas = page.locator('canvas.shengtu-canvas');
      const box = await canvas.boundingBox();
      const container = await page.locator('.shengtu-stage').evaluate((e) => e.getBoundingClientRect().width);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, 'nothing widens the page (the hidden data table once did on phones)');
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
        await page.locator('.shengtu-story:not([hidden])').waitFor();
        if (id === 'CN-MO') await page.screenshot({ path: `${SHOTS}map-${width}.png`, fullPage: true });
        // Esc closes the story panel (on a phone it covers the lower map).
        await page.keyboard.press('Escape');
        await page.waitForFunction(() => window.shengtu.selected() === null);
        assert.ok(await page.locator('.shengtu-story').isHidden());
      }
      // A click on open sea (East China Sea, right of Shanghai) clears the selection.
      const sh = await anchorOf(page, 'CN-SH');
      const sea = { x: sh.x + (width > 400 ? 60 : 20), y: sh.y + 6 };
      assert.equal(await page.evaluate(({ x, y }) => window.shengtu.regionAt(x, y), sea), null);
      await page.mouse.click(sh.x, sh.y);
      assert.equal(await page.evaluate(() => window.shengtu.selected()), 'CN-SH');
      if (width > 900) { // on a phone the bottom sheet covers that sea
        // The panel opened beside the map, which shrank: measure again.
        const moved = await anchorOf(page, 'CN-SH');
        const sea2 = { x: moved.x + 40, y: moved.y + 6 };
        assert.equal(await page.evaluate(({ x, y }) => window.shengtu.regionAt(x, y), sea2), null);
        await page.mouse.click(sea2.x, sea2.y);
        await page.waitForFunction(() => window.shengtu.selected() === null);
      }
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
      assert.equal(await page.locator('canvas.shengtu-canvas').getAttribute('data-selected'), expected);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}
