// The same Worker through `wrangler dev --local` (edge/wrangler.toml): it bundles the entry and
// the wasm module and serves it from workerd on 127.0.0.1. A smoke test: the full contract is
// checked against raw workerd in worker.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT, loadCases } from './cases.mjs';

const WRANGLER = join(ROOT, 'node_modules/.bin/wrangler');

/** Telemetry off and every wrangler file inside the project (TOOLCHAIN.md). */
function wranglerEnv() {
  const config = join(ROOT, '.cache/wrangler/config');
  const tmp = join(ROOT, '.cache/wrangler/tmp');
  mkdirSync(config, { recursive: true });
  mkdirSync(tmp, { recursive: true });
  return {
    ...process.env,
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_SEND_ERROR_REPORTS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    CI: 'true',
    XDG_CONFIG_HOME: config,
    TMPDIR: tmp,
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

test('wrangler dev --local serves the Worker on 127.0.0.1', async (t) => {
  const port = await freePort();
  // Its own process group, so stopping it also stops the workerd it starts.
  const child = spawn(WRANGLER, ['dev', '--local', '--ip', '127.0.0.1', '--port', String(port)], {
    cwd: join(ROOT, 'edge'), env: wranglerEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  t.after(() => {
    if (child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ready = await fetch(`${base}/`).then((r) => r.ok, () => false);
    if (ready) break;
    assert.ok(child.exitCode === null && Date.now() < deadline, `wrangler dev did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const seed = loadCases().find((c) => c.name === 'seed-job');
  const url = new URL('/run', base);
  url.searchParams.set('pipeline', seed.pipeline);
  const response = await fetch(url, { method: 'POST', body: seed.input });
  assert.equal(response.status, 200);
  assert.ok(Buffer.from(await response.arrayBuffer()).equals(seed.output));
  const bad = await fetch(`${base}/run?pipeline=derive%20x%20%3D%20nope(a)`, { method: 'POST', body: 'a\n1\n' });
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.kind, 'unknown_kernel');
});
