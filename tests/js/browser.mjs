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

/**
 * Serves dist/web and opens Chromium; every request of every page and worker is logged. With
 * `userDataDir` the profile lives on disk, as a person's does (storage such as the Origin
 * Private File System is then on disk too, not in memory as in a throwaway context).
 */
export async function openBrowser({ userDataDir } = {}) {
  for (const [path, hint] of [
    [CHROMIUM, 'apt-get install chromium (scripts/setup-web.sh)'],
    [join(PAGE_DIR, 'pkg', 'csv_kernels_web_bg.wasm'), 'bash scripts/build-web.sh'],
  ]) {
    if (!existsSync(path)) throw new Error(`missing ${path}: run ${hint}`);
  }
  const { server, url } = await serve(PAGE_DIR, 0);
  const launch = {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  };
  const page = { viewport: { width: 1280, height: 1000 }, acceptDownloads: true };
  let context;
  let closeBrowser;
  if (userDataDir) {
    context = await chromium.launchPersistentContext(userDataDir, { ...launch, ...page });
    closeBrowser = () => context.close();
  } else {
    const browser = await chromium.launch(launch);
    context = await browser.newContext(page);
    closeBrowser = () => browser.close();
  }
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
      await closeBrowser();
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

/** Samples the page's heap (Performance metrics) and its worker's (Runtime.getHeapUsage). */
export async function heapSampler(page) {
  const cdp = await page.context().newCDPSession(page);
  const workers = new Set();
  const pending = new Map();
  let nextId = 1;
  cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
    if (targetInfo.type === 'worker') workers.add(sessionId);
  });
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const reply = JSON.parse(message);
    pending.get(reply.id)?.(reply.result);
    pending.delete(reply.id);
  });
  // Non-flattened auto-attach: worker messages travel inside this page session.
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const askWorker = (sessionId, method) => new Promise((done) => {
    const id = nextId++;
    pending.set(id, done);
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(() => done(null));
  });
  // usedSize is the V8 heap; backingStorageSize the ArrayBuffers (chunks, output bytes) that
  // live outside it. The wasm linear memory is reported by the worker itself.
  const peak = { page: 0, pageBuffers: 0, worker: 0, workerBuffers: 0, samples: 0 };
  const track = (usage, heap, buffers) => {
    if (!usage) return;
    peak[heap] = Math.max(peak[heap], usage.usedSize);
    peak[buffers] = Math.max(peak[buffers], usage.backingStorageSize ?? 0);
  };
  let running = true;
  const loop = (async () => {
    while (running) {
      track(await cdp.send('Runtime.getHeapUsage'), 'page', 'pageBuffers');
      for (const sessionId of workers) track(await askWorker(sessionId, 'Runtime.getHeapUsage'), 'worker', 'workerBuffers');
      peak.samples++;
      await new Promise((done) => setTimeout(done, 50));
    }
  })();
  return async () => {
    running = false;
    await loop;
    await cdp.detach();
    return peak;
  };
}
