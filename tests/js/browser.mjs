// Shared by the page's end-to-end test and the measurement script: the served page, headless
// Debian Chromium through playwright-core, a real drag and drop, and a network log.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '../../www/serve.mjs';
import { root } from './golden-cases.mjs';

export const CHROMIUM = '/usr/bin/chromium';
export const CLI = join(root, 'target', 'release', 'csv-kernels');
export const PAGE_DIR = join(root, 'dist', 'web');
export const ARTIFACTS = join(root, 'tests', 'artifacts');

/** Serves dist/web and opens Chromium; every request of every page and worker is logged. */
export async function openBrowser() {
  for (const [path, hint] of [
    [CHROMIUM, 'apt-get install chromium (scripts/setup-web.sh)'],
    [join(PAGE_DIR, 'pkg', 'csv_kernels_web_bg.wasm'), 'bash scripts/build-web.sh'],
  ]) {
    if (!existsSync(path)) throw new Error(`missing ${path}: run ${hint}`);
  }
  const { server, url } = await serve(PAGE_DIR, 0);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
  const requests = [];
  context.on('request', (request) => requests.push({ url: request.url(), method: request.method(), body: request.postDataBuffer() }));
  return {
    url,
    context,
    requests,
    async newPage(query = '') {
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
      await page.goto(url + query);
      await page.waitForSelector('html[data-ready="true"]');
      return page;
    },
    async close() {
      await browser.close();
      await new Promise((done) => server.close(done));
    },
  };
}

/** Drags `file` from "outside" onto the drop zone: the browser's own drag-and-drop path. */
export async function dropFile(page, file) {
  const cdp = await page.context().newCDPSession(page);
  const box = await page.locator('#drop-zone').boundingBox();
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const data = { items: [], files: [file], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) {
    await cdp.send('Input.dispatchDragEvent', { type, x, y, data });
  }
  await cdp.detach();
}

/** Waits until the status reads `done` or `error` and returns it. */
export async function finished(page, timeout = 120_000) {
  await page.waitForFunction(() => ['done', 'error'].includes(document.getElementById('status').textContent), null, { timeout });
  return page.textContent('#status');
}
