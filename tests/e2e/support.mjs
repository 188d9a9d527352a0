// Shared helpers for the end-to-end tests: one Debian chromium per test file,
// pages that fail on any page error, console error or failed request.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const APP_URL = process.env.APP_URL;
export const SHOTS = new URL('../../target/e2e/', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

export async function launch() {
  assert.ok(APP_URL, 'APP_URL must point at a server for dist/');
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Opens a page and collects problems (page errors, console errors, failed requests). */
export async function open(browser, url, options = {}) {
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

export const anchorOf = (page, id) => page.evaluate((id) => window.shengtu.anchorOf(id), id);

/** RGB of the canvas pixel under a client point. */
export const pixelAt = (page, { x, y }) => page.evaluate(({ x, y }) => {
  const canvas = document.querySelector('canvas.shengtu-canvas');
  const rect = canvas.getBoundingClientRect();
  const scale = canvas.width / rect.width;
  const data = canvas.getContext('2d').getImageData(Math.round((x - rect.left) * scale), Math.round((y - rect.top) * scale), 1, 1).data;
  return [data[0], data[1], data[2]];
}, { x, y });
