// One headless Chromium page for the browser-* groups: Debian's chromium
// (/usr/bin/chromium, installed by scripts/ensure-chromium.sh; CHROMIUM_PATH overrides it),
// driven by playwright-core, with a page script bundled by esbuild. No browser is downloaded.

import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.mjs';

const ORIGIN = 'http://sched.bench';

/**
 * Bundles `entry` (a module under tools/bench/browser/) for the browser, launches Chromium and
 * opens a blank page running it.
 * @param {string} entry file name under tools/bench/browser/
 * @returns {Promise<{ page: import('playwright-core').Page, version: string, close: () => Promise<void> }>}
 */
export async function openBenchPage(entry) {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL(`../browser/${entry}`, import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const page = await browser.newPage();
  /** @type {Error[]} */
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  // Served from a made-up origin by playwright itself (nothing leaves the machine), so the page
  // is a normal http: document and the bundle a module script with a real import.meta.url.
  const script = bundle.outputFiles[0]?.text ?? '';
  await page.route(`${ORIGIN}/**`, (route) => {
    const isScript = route.request().url().endsWith('/page.js');
    return route.fulfill({
      contentType: isScript ? 'text/javascript' : 'text/html',
      body: isScript
        ? script
        : '<!doctype html><html><body><script type="module" src="/page.js"></script></body></html>',
    });
  });
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => '__bench' in globalThis, undefined, { timeout: 10_000 }).catch(() => undefined);
  if (errors.length > 0) {
    await browser.close();
    throw new Error(`the bench page script failed: ${errors[0]?.message}`, { cause: errors[0] });
  }
  return { page, version: browser.version(), close: () => browser.close() };
}
