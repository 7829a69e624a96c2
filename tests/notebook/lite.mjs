// Drives the JupyterLite site in dist/notebook: serves it on 127.0.0.1 with the same server
// `npm run notebook` uses, opens a notebook in headless Debian Chromium, runs every cell and
// returns the cells' outputs as nbformat JSON, with a log of every request the page and its
// workers made.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../js/browser.mjs';
import { root } from '../js/golden-cases.mjs';

export const SITE = join(root, 'dist', 'notebook');

/** python3 -m http.server on a free port; resolves once it says where it listens. */
export function serveSite(dir = SITE) {
  const failed = [];
  const server = spawn('python3', ['-u', '-m', 'http.server', '--bind', '127.0.0.1', '--directory', dir, '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((done, fail) => {
    let said = '';
    server.stdout.on('data', (chunk) => {
      said += chunk;
      const port = /port (\d+)/.exec(said)?.[1];
      if (port) done({ url: `http://127.0.0.1:${port}/`, failed, stop: () => server.kill() });
    });
    // Its request log names every failed request, the service worker's and Pyodide's too.
    createInterface({ input: server.stderr }).on('line', (line) => {
      if (/" [45]\d\d /.test(line)) failed.push(line);
    });
    server.on('exit', (code) => fail(new Error(`http.server exited (${code}) before listening: ${said}`)));
  });
}

/** Opens NOTEBOOK (a path in the site's contents) in JupyterLab, runs every cell, returns the cells. */
export async function runNotebook(notebook, { timeout = 240_000 } = {}) {
  for (const [path, hint] of [[CHROMIUM, 'apt-get install chromium (scripts/setup-web.sh)'],
    [join(SITE, 'files', notebook), 'bash scripts/build-notebook.sh']]) {
    if (!existsSync(path)) throw new Error(`missing ${path}: run ${hint}`);
  }
  const site = await serveSite();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
      // Belt and braces: a request for any other host fails in DNS (it is still logged).
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  const requests = [];
  const console = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    // Service workers' requests (the drive's contents) are logged through the context too.
    context.on('request', (request) => requests.push(request.url()));
    const page = await context.newPage();
    page.on('websocket', (socket) => requests.push(socket.url()));
    page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => console.push(`pageerror: ${error.message}`));
    page.setDefaultTimeout(timeout);
    await page.goto(`${site.url}lab/index.html?path=${encodeURIComponent(notebook)}`);
    await page.waitForFunction(() => window.jupyterapp?.shell?.currentWidget?.content?.model);
    const started = Date.now();
    // A kernel that never starts (a wheel missing at start) shows no error in the page: give up
    // after `timeout` and report the failed requests instead of hanging.
    let timer;
    const stuck = new Promise((_, fail) => {
      timer = setTimeout(() => fail(new Error(`no result after ${timeout / 1000} s; failed requests:\n${
        site.failed.join('\n')}`)), timeout);
    });
    const cells = await Promise.race([stuck, page.evaluate(async () => {
      const app = window.jupyterapp;
      const panel = app.shell.currentWidget;
      await panel.context.ready;
      await panel.sessionContext.ready;
      // The kernel answers kernel_info only once Pyodide and ipykernel are up.
      await panel.sessionContext.session.kernel.info;
      await app.commands.execute('notebook:clear-all-cell-outputs');
      // One cell at a time, as Run All would, but a failing cell does not keep the later ones
      // from running: each reports for itself.
      const list = panel.content.model.cells;
      for (let i = 0; i < list.length; i++) {
        if (list.get(i).type !== 'code') continue;
        panel.content.activeCellIndex = i;
        await app.commands.execute('notebook:run-cell');
      }
      return Array.from({ length: list.length }, (_, i) => list.get(i).toJSON());
    })]).finally(() => clearTimeout(timer));
    return { cells, requests, failed: site.failed, console, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    error.message += `\nbrowser console:\n${console.join('\n')}`;
    throw error;
  } finally {
    await browser.close();
    site.stop();
  }
}
