// The wasi:http component (dist/csv-kernels-serve.wasm) under `wasmtime serve` on 127.0.0.1:
// the Worker's HTTP contract (golden cases, 400/413, the in-band error line), byte for byte.
// Needs `bash scripts/build-edge.sh serve` first (scripts/test-edge.sh does it).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, loadCases, cliArgs, streamOf, withCause } from './cases.mjs';

const COMPONENT = join(ROOT, 'dist/csv-kernels-serve.wasm');
const NATIVE = join(ROOT, 'target/release/csv-kernels');

/** Starts `wasmtime serve` on a port the kernel picks; `env` goes to the guest (-Scli --env). */
async function startServe(env = {}) {
  assert.ok(existsSync(COMPONENT), `${COMPONENT} missing: run scripts/build-edge.sh serve`);
  const envFlags = Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
  const child = spawn('wasmtime', ['serve', '-Scli', ...envFlags, '--addr', '127.0.0.1:0', COMPONENT], {
    env: { ...process.env, XDG_CACHE_HOME: join(ROOT, '.cache') },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wasmtime serve did not start: ${stderr}`)), 30_000);
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = /Serving HTTP on (http:\/\/127\.0\.0\.1:\d+)\//.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('error', reject); // a missing wasmtime fails the suite
    child.on('exit', (code) => reject(new Error(`wasmtime serve exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    }),
  };
}

async function post(url, body, init = {}) {
  const response = await fetch(url, { method: 'POST', body, ...init }).catch(withCause);
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

let server;
before(async () => {
  server = await startServe();
});
after(async () => {
  await server?.stop();
});

test('golden cases through wasmtime serve equal the expected bytes', async (t) => {
  for (const c of loadCases()) {
    await t.test(c.name, async () => {
      const url = new URL(c.pipeline === undefined ? '/profile' : '/run', server.url);
      if (c.pipeline !== undefined) url.searchParams.set('pipeline', c.pipeline);
      for (const [name, value] of c.options) url.searchParams.append(name, value);
      const { response, bytes } = await post(url, c.input);
      if (c.error) {
        assert.equal(response.status, 400, bytes.toString());
        const body = JSON.parse(bytes);
        // Written by hand in Rust, yet the same bytes as the Worker's JSON.stringify.
        assert.equal(bytes.toString(), JSON.stringify(body));
        const { kind, line, column } = body.error;
        assert.deepEqual([kind, line, column], [c.error.kind, c.error.line, c.error.column]);
      } else {
        assert.equal(response.status, 200, bytes.toString());
        assert.ok(bytes.equals(c.output), `got ${JSON.stringify(bytes.toString())}`);
      }
    });
  }
});

test('routes: usage, 404, 405, missing pipeline', async () => {
  const usage = await fetch(new URL('/', server.url));
  assert.match(await usage.text(), /^csv-kernels under wasmtime serve/);
  const missing = await fetch(new URL('/nope', server.url));
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error.kind, 'not_found');
  const wrong = await fetch(new URL('/run', server.url));
  assert.deepEqual([wrong.status, wrong.headers.get('allow')], [405, 'POST']);
  await wrong.arrayBuffer();
  const none = await post(new URL('/run', server.url), 'a\n1\n');
  assert.equal(none.response.status, 400);
  assert.equal(JSON.parse(none.bytes).error.kind, 'missing_pipeline');
  const header = await post(new URL('/run', server.url), 'id,city\n1,Zürich\n2,Lima\n', {
    headers: { 'x-pipeline': Buffer.from('where city contains "ü"').toString('latin1') },
  });
  assert.equal(header.bytes.toString(), 'id,city\n1,Zürich\n');
});

test('after the status: every complete row as the CLI writes it, then the error line', async () => {
  const input = Buffer.from(`a,b\n${'1,2\n'.repeat(600_000)}3,4,5\n`);
  const { response, bytes } = await post(new URL('/run?pipeline=limit+10000000', server.url), streamOf(input), { duplex: 'half' });
  assert.equal(response.status, 200);
  const want = spawnSync(NATIVE, ['run', 'limit 10000000'], { input, maxBuffer: 64 << 20 });
  assert.ok(bytes.subarray(0, want.stdout.length).equals(want.stdout));
  const last = bytes.subarray(want.stdout.length).toString();
  assert.equal(last, `# csv-kernels error: ${JSON.stringify({
    kind: 'ragged_row', line: 600_002, column: 3, message: want.stderr.toString().slice('error: '.length, -1),
  })}\n`);
});

test('limit: answers after reading the rest of the upload', async () => {
  const body = streamOf(Buffer.from(`n\n${'7\n'.repeat(3_000_000)}"open`));
  const { response, bytes } = await post(new URL('/run?pipeline=limit%202', server.url), body, { duplex: 'half' });
  assert.equal(response.status, 200);
  assert.equal(bytes.toString(), 'n\n7\n7\n');
});

test('413 over CSV_KERNELS_MAX_BODY_BYTES, declared or streamed', async (t) => {
  const small = await startServe({ CSV_KERNELS_MAX_BODY_BYTES: '1000' });
  t.after(() => small.stop());
  const body = Buffer.from(`n\n${'12345\n'.repeat(200)}`);
  const url = new URL('/run?pipeline=select%20n', small.url);
  const declared = await post(url, body);
  assert.equal(declared.response.status, 413);
  const streamed = await post(url, streamOf(body, 100), { duplex: 'half' });
  assert.equal(streamed.response.status, 413);
  assert.equal(streamed.bytes.toString(), JSON.stringify({
    error: { kind: 'body_too_large', line: 0, column: 0, message: 'the body is over the limit of 1000 bytes' },
  }));
  const within = await post(url, body.subarray(0, 1000));
  assert.equal(within.bytes.toString(), `${body.subarray(0, 1000)}\n`);
});

test('native CLI agrees on a golden case run through the component', async () => {
  const seed = loadCases().find((c) => c.name === 'seed-job');
  const url = new URL('/run', server.url);
  url.searchParams.set('pipeline', seed.pipeline);
  const { bytes } = await post(url, seed.input);
  assert.ok(bytes.equals(spawnSync(NATIVE, cliArgs(seed), { input: seed.input }).stdout));
});
