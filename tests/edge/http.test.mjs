// The edge HTTP contract (csv_kernels::edge) against both servers that run it: the Worker in
// real workerd and the wasi:http component under real `wasmtime serve`, on 127.0.0.1. The same
// tests, byte for byte: golden cases (equal to the native CLI), a 50 MB body streamed both
// ways, 400/413 paths, the in-band error line and the routes.
// Needs `bash scripts/build-edge.sh` first (scripts/test-edge.sh does it).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HTTP_EXCLUDED, ROOT, assertRanEveryCase, loadCases, cliArgs, streamOf, withCause } from './cases.mjs';
import { startServe } from './serve.mjs';
import { startWorkerd } from './workerd.mjs';

const NATIVE = join(ROOT, 'target/release/csv-kernels');
const BIG_INPUT = join(ROOT, 'tests/artifacts/edge-mixed-50mb.csv');
const BIG_PIPELINE = 'where flag = "true" | derive dfs = digit_factorial_sum(value) | select id, city, note, dfs';

function native(args, input) {
  const r = spawnSync(NATIVE, args, { input, maxBuffer: 256 << 20 });
  if (r.error) throw r.error;
  return r;
}

test('the HTTP doors exclude exactly the join cases, by name', () => {
  // The reason given for each (one request body, no second table) holds for exactly these.
  const joins = loadCases().filter((c) => c.tables.length > 0).map((c) => c.name);
  assert.deepEqual(Object.keys(HTTP_EXCLUDED).sort(), joins);
});

/** Each server, started with its limits: the Worker reads them from workerd's environment
 * (edge/workerd.capnp), the component from `--env`. */
const SERVERS = {
  worker: (limits = {}) => startWorkerd(limits),
  serve: (limits = {}) => startServe(limits),
};

for (const [name, start] of Object.entries(SERVERS)) {
  describe(name, () => {
    let server;
    before(async () => {
      server = await start();
    });
    after(async () => {
      await server?.stop();
    });
    /** The URL for a case: the pipeline and each option as query parameters. */
    function caseUrl(c) {
      const url = new URL(c.pipeline === undefined ? '/profile' : '/run', server.url);
      if (c.pipeline !== undefined) url.searchParams.set('pipeline', c.pipeline);
      for (const [name, value] of c.options) url.searchParams.append(name, value);
      return url;
    }

    async function post(path, body, init = {}) {
      const response = await fetch(new URL(path, server.url), { method: 'POST', body, ...init }).catch(withCause);
      return { response, bytes: Buffer.from(await response.arrayBuffer()) };
    }

    test('golden cases equal the expected bytes and the native CLI', async (t) => {
      const ran = [];
      for (const c of loadCases(HTTP_EXCLUDED)) {
        await t.test(c.name, async () => {
          ran.push(c.name);
          const response = await fetch(caseUrl(c), { method: 'POST', body: c.input });
          const bytes = Buffer.from(await response.arrayBuffer());
          if (c.error) {
            assert.equal(response.status, 400, bytes.toString());
            assert.equal(response.headers.get('content-type'), 'application/json');
            // The core's JSON, the same bytes as JSON.stringify writes.
            assert.equal(bytes.toString(), JSON.stringify(JSON.parse(bytes)));
            const { error } = JSON.parse(bytes);
            assert.deepEqual([error.kind, error.line, error.column], [c.error.kind, c.error.line, c.error.column]);
            // An error with no place (line 0) has no position prefix (tests/cases/README.md).
            const at = c.error.line > 0 ? `line ${c.error.line}, column ${c.error.column}: ` : '';
            assert.match(error.message, new RegExp(`^${at}${c.error.kind}: `));
          } else {
            assert.equal(response.status, 200, bytes.toString());
            assert.ok(bytes.equals(c.output), `got ${JSON.stringify(bytes.toString())}`);
            assert.ok(bytes.equals(native(cliArgs(c), c.input).stdout), 'differs from the native CLI');
          }
        });
      }
      assertRanEveryCase(`${name} (HTTP)`, ran, HTTP_EXCLUDED);
    });

    test('GET / is the usage text; unknown paths and methods are refused', async () => {
      const usage = await fetch(new URL('/', server.url));
      assert.equal(usage.status, 200);
      assert.match(await usage.text(), /^csv-kernels at the edge.*\n\nPOST \/run\?pipeline=SPEC/s);
      const missing = await fetch(new URL('/nope', server.url));
      assert.equal(missing.status, 404);
      assert.equal((await missing.json()).error.kind, 'not_found');
      const wrongMethod = await fetch(new URL('/run?pipeline=limit%201', server.url));
      assert.equal(wrongMethod.status, 405);
      assert.equal(wrongMethod.headers.get('allow'), 'POST');
      await wrongMethod.arrayBuffer();
    });

    test('the pipeline may come in the x-pipeline header, as UTF-8', async () => {
      const input = 'id,city\n1,Zürich\n2,Lima\n3,東京\n';
      const pipeline = 'where city contains "ü" | select city';
      const { response, bytes } = await post('/run', input, { headers: { 'x-pipeline': Buffer.from(pipeline).toString('latin1') } });
      assert.equal(response.status, 200, bytes.toString());
      assert.equal(bytes.toString(), 'city\nZürich\n');
    });

    test('400: unknown kernel, bad option, missing pipeline, bad CSV with its position', async () => {
      const unknown = await post('/run?pipeline=derive%20x%20%3D%20frobnicate(value)', 'value\n1\n');
      assert.equal(unknown.response.status, 400);
      assert.deepEqual(JSON.parse(unknown.bytes).error, {
        kind: 'unknown_kernel', line: 1, column: 12,
        message: JSON.parse(unknown.bytes).error.message,
      });
      assert.match(JSON.parse(unknown.bytes).error.message, /^line 1, column 12: unknown_kernel: /);

      const option = await post('/run?pipeline=limit%201&on_error=ignore', 'a\n1\n');
      assert.equal(option.response.status, 400);
      assert.equal(JSON.parse(option.bytes).error.kind, 'invalid_option');

      const none = await post('/run', 'a\n1\n');
      assert.equal(none.response.status, 400);
      assert.equal(JSON.parse(none.bytes).error.kind, 'missing_pipeline');

      // A ragged row far into a streamed (chunked) body, still inside the first MiB: exact 400.
      const rows = Array.from({ length: 50_000 }, (_, i) => `${i},${i}`);
      rows[41_999] = '41999,1,2';
      const ragged = await post('/run?pipeline=limit%20100000', streamOf(Buffer.from(`a,b\n${rows.join('\n')}\n`), 4096), { duplex: 'half' });
      assert.equal(ragged.response.status, 400);
      const { error } = JSON.parse(ragged.bytes);
      assert.deepEqual([error.kind, error.line, error.column], ['ragged_row', 42_001, 3]);
    });

    test('a 50 MB body streams through, equal to the native CLI', async () => {
      assert.ok(existsSync(BIG_INPUT), `${BIG_INPUT} missing: scripts/test-edge.sh generates it`);
      const input = readFileSync(BIG_INPUT);
      assert.ok(input.length >= 50_000_000);
      const want = native(['run', BIG_PIPELINE], input);
      assert.equal(want.status, 0);
      const url = new URL('/run', server.url);
      url.searchParams.set('pipeline', BIG_PIPELINE);
      const response = await fetch(url, { method: 'POST', body: streamOf(input), duplex: 'half' });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-length'), null, 'the response is streamed');
      const hash = createHash('sha256');
      let length = 0;
      let pieces = 0;
      for await (const piece of response.body) {
        hash.update(piece);
        length += piece.length;
        pieces += 1;
      }
      assert.equal(length, want.stdout.length);
      assert.equal(hash.digest('hex'), createHash('sha256').update(want.stdout).digest('hex'));
      assert.ok(pieces > 10, `output arrived in ${pieces} pieces: not streamed`);
    });

    test('an error after the status was sent is the last line of the body', async () => {
      const good = Buffer.from(`a,b\n${'1,2\n'.repeat(600_000)}`); // 2.4 MB: past the 1 MiB window
      const input = Buffer.concat([good, Buffer.from('3,4,5\n')]);
      const { response, bytes } = await post('/run?pipeline=limit%2010000000', streamOf(input), { duplex: 'half' });
      assert.equal(response.status, 200);
      const want = native(['run', 'limit 10000000'], input);
      assert.equal(want.status, 2);
      // Every row from before the bad one (exactly what the CLI writes), then the error line.
      const marker = bytes.lastIndexOf('# csv-kernels error: ');
      assert.ok(bytes.subarray(0, marker).equals(want.stdout), `error line at ${marker}, CLI wrote ${want.stdout.length}`);
      assert.equal(bytes[marker - 1], 0x0a);
      const last = bytes.subarray(marker).toString();
      assert.ok(last.endsWith('\n') && last.indexOf('\n') === last.length - 1, last);
      const error = JSON.parse(last.slice('# csv-kernels error: '.length));
      assert.deepEqual([error.kind, error.line, error.column], ['ragged_row', 600_002, 3]);
      assert.equal(`error: ${error.message}\n`, want.stderr.toString());
    });

    test('limit: answers after reading the rest of the upload', async () => {
      const { response, bytes } = await post('/run?pipeline=limit%202', streamOf(Buffer.from(`n\n${'7\n'.repeat(3_000_000)}"open`)), { duplex: 'half' });
      assert.equal(response.status, 200);
      assert.equal(bytes.toString(), 'n\n7\n7\n');
    });

    test('413: over the configured body limit, declared or streamed', async (t) => {
      const small = await start({ CSV_KERNELS_MAX_BODY_BYTES: '1000' });
      t.after(() => small.stop());
      const body = Buffer.from(`n\n${'12345\n'.repeat(200)}`); // 1202 bytes
      const url = new URL('/run?pipeline=select%20n', small.url);

      const declared = await fetch(url, { method: 'POST', body });
      assert.equal(declared.status, 413);
      assert.equal((await declared.json()).error.kind, 'body_too_large');

      const streamed = await fetch(url, { method: 'POST', body: streamOf(body, 100), duplex: 'half' });
      assert.equal(streamed.status, 413);
      assert.deepEqual(await streamed.json(), {
        error: { kind: 'body_too_large', line: 0, column: 0, message: 'the body is over the limit of 1000 bytes' },
      });

      const profile = await fetch(new URL('/profile', small.url), { method: 'POST', body: streamOf(body, 100), duplex: 'half' });
      assert.equal(profile.status, 413);
      await profile.arrayBuffer();

      const within = await fetch(url, { method: 'POST', body: body.subarray(0, 1000) });
      assert.equal(within.status, 200);
      assert.equal(await within.text(), `${body.subarray(0, 1000)}\n`);
    });
  });
}
