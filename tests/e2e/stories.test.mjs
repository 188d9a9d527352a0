// The 6·26 dataset in the browser: every covered region's stories in every
// language through deep links; metric switching recolours and keeps the
// panel; Back, the close button, Esc and a tap outside close the panel; bad
// data shows a located banner while the map still draws.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { APP_URL, SHOTS, launch, open, anchorOf, pixelAt } from './support.mjs';

const dataset = JSON.parse(readFileSync(new URL('../../assets/data/campaign-2022.json', import.meta.url)));
const geometry = JSON.parse(readFileSync(new URL('../../assets/provinces.topo.json', import.meta.url)));
const regionNames = Object.fromEntries(geometry.objects.provinces.geometries.map((g) => [g.id, g.properties.name]));
const LANGS = ['zh-Hans', 'zh-Hant', 'en'];

/** The digits a reader must see for a figure value, per language (3,600 / 3600 / 2.3万 / 3.2 million). */
function valueDigits(value, lang) {
  if (lang === 'en') {
    if (value >= 1e6 && value % 1e4 === 0) return `${value / 1e6} million`;
    return value.toLocaleString('en-US');
  }
  if (value >= 1e4 && value % 100 === 0) return `${value / 1e4}${lang === 'zh-Hans' ? '万' : '萬'}`;
  return String(value);
}

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const lang of LANGS) {
  test(`every covered region's stories and figures in ${lang}`, async () => {
    const { context, page, problems } = await open(browser, `${APP_URL}?lang=${lang}`, { viewport: { width: 1280, height: 900 } });
    try {
      for (const entry of dataset.regions) {
        await page.goto(`${APP_URL}?region=${entry.region}&lang=${lang}`);
        await page.locator('canvas[data-ready="1"]').waitFor();
        const panel = page.locator('.shengtu-story');
        await panel.waitFor({ state: 'visible' });
        const text = await panel.textContent();
        assert.ok(text.includes(regionNames[entry.region][lang]), `${entry.region} ${lang}: region name missing`);
        for (const story of entry.stories) {
          assert.ok(text.includes(story.headline[lang]), `${story.id} ${lang}: headline missing`);
          if (story.credit) assert.ok(text.includes(story.credit[lang]), `${story.id} ${lang}: credit missing`);
          assert.ok(text.includes(story.source[lang]), `${story.id} ${lang}: source missing`);
          for (const figure of story.figures) {
            const digits = valueDigits(figure.value, lang);
            assert.ok(text.includes(digits), `${story.id} ${lang}: figure ${figure.value} (${digits}) missing`);
            assert.ok(text.includes(figure.label[lang]), `${story.id} ${lang}: figure label missing`);
            if (figure.period) assert.ok(text.includes(figure.period.label[lang]), `${story.id} ${lang}: period missing`);
          }
        }
        assert.equal(await page.locator('.shengtu-story article').count(), entry.stories.length);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
      }
      await page.goto(`${APP_URL}?region=CN-YN&lang=${lang}`);
      await page.locator('.shengtu-story').waitFor({ state: 'visible' });
      await page.screenshot({ path: `${SHOTS}story-yunnan-${lang}-1280.png` });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

test('switching metric recolours the map and keeps the panel and selection', async () => {
  const { context, page, problems } = await open(browser, `${APP_URL}?region=CN-GS&lang=en`, { viewport: { width: 1280, height: 900 } });
  try {
    await page.locator('.shengtu-story').waitFor({ state: 'visible' });
    const ids = ['CN-GS', 'CN-NM', 'CN-SD', 'CN-JS'];
    const before = await Promise.all(ids.map(async (id) => pixelAt(page, await anchorOf(page, id))));
    await page.selectOption('select.shengtu-metric', 'cases_solved');
    const after = await Promise.all(ids.map(async (id) => pixelAt(page, await anchorOf(page, id))));
    const changed = ids.filter((_, i) => before[i].join() !== after[i].join());
    assert.ok(changed.length >= 2, `pixels under anchors changed only for ${changed}`);
    assert.equal(await page.evaluate(() => window.shengtu.selected()), 'CN-GS');
    assert.ok(await page.locator('.shengtu-story').isVisible());
    assert.match(page.url(), /metric=cases_solved/);
    const legend = await page.locator('.shengtu-legend').textContent();
    assert.match(legend, /more than 3,600 cases/);
    assert.match(legend, /Since 2018/);
    assert.match(legend, /2022 to date/);
    assert.match(legend, /No figure reported/);
    await page.screenshot({ path: `${SHOTS}metric-cases-1280.png` });
    // The language switch changes names, legend and stories, and keeps all else.
    await page.click('button[data-lang="zh-Hant"]');
    assert.match(await page.locator('.shengtu-story').textContent(), /甘肅/);
    assert.match(await page.locator('.shengtu-legend').textContent(), /3600餘起/);
    assert.equal(await page.evaluate(() => window.shengtu.metric()), 'cases_solved');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('Back, the close button, Esc and a tap outside close the panel', async () => {
  const { context, page, problems } = await open(browser, `${APP_URL}?lang=en`, { viewport: { width: 1280, height: 900 } });
  try {
    const panel = page.locator('.shengtu-story');
    const clickRegion = async (id) => { const { x, y } = await anchorOf(page, id); await page.mouse.click(x, y); await panel.waitFor({ state: 'visible' }); };

    await clickRegion('CN-FJ');
    assert.match(page.url(), /region=CN-FJ/);
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('shengtu-story')), true, 'the panel takes focus');
    await page.goBack();
    await panel.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => window.shengtu.selected()), null);
    assert.doesNotMatch(page.url(), /region=/);

    await clickRegion('CN-SD');
    await page.click('.shengtu-story__close');
    await panel.waitFor({ state: 'hidden' });

    await clickRegion('CN-AH');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });

    await clickRegion('CN-HI');
    await page.mouse.click(5, 880); // the page, outside map and panel
    await panel.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => window.shengtu.selected()), null);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a phone gets the story as a bottom sheet', async () => {
  const { context, page, problems } = await open(browser, `${APP_URL}?region=CN-JS&lang=zh-Hans`, {
    viewport: { width: 375, height: 800 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true,
  });
  try {
    const box = await page.locator('.shengtu-story').boundingBox();
    assert.ok(box.y + box.height >= 799 && box.width >= 374, `sheet at ${JSON.stringify(box)}`);
    assert.match(await page.locator('.shengtu-story').textContent(), /320万/);
    await page.screenshot({ path: `${SHOTS}story-jiangsu-375.png` });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('bad data gives a located banner and the map still draws', async () => {
  const { context, page, problems } = await open(browser, `${APP_URL}?lang=en`, { viewport: { width: 1024, height: 900 } });
  try {
    const bad = structuredClone(dataset);
    bad.regions[0].region = 'Atlantis';
    bad.regions[4].stories[0].figures[0].value = 'lots';
    delete bad.regions[5].stories[0].headline.en;
    const reported = await page.evaluate((d) => window.shengtu.setData(JSON.stringify(d)), bad);
    assert.equal(reported.length, 3, reported.join('\n'));
    const banner = page.locator('.shengtu-errors');
    assert.ok(await banner.isVisible());
    const text = await banner.textContent();
    assert.match(text, /\$\.regions\[0\]\.region: unknown region "Atlantis"/);
    assert.match(text, /\$\.regions\[4\]\.stories\[0\]\.figures\[0\]\.value/);
    assert.match(text, /\$\.regions\[5\]\.stories\[0\]\.headline\.en: missing translation/);
    // The valid rest still colours the map (Yunnan's focus colour under its anchor).
    const yunnan = await pixelAt(page, await anchorOf(page, 'CN-YN'));
    assert.notDeepEqual(yunnan, [255, 255, 255]);
    assert.deepEqual(await page.evaluate(() => window.shengtu.setData('{not json')).then((r) => r.length), 1);
    assert.ok(await page.locator('canvas[data-ready="1"]').isVisible());
    await page.screenshot({ path: `${SHOTS}bad-data-1024.png` });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
