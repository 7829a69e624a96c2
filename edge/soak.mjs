// Soak test of the edge doors on 127.0.0.1: the Worker in raw workerd and the wasi:http
// component under `wasmtime serve`. Run through `npm run soak` (scripts/soak.sh builds what is
// missing first). Bounded in count and time:
//   node edge/soak.mjs [--requests 1000] [--concurrency 32] [--rounds 2] [--seconds 600]
//                      [--only worker|serve]
// Per server: `rounds` bursts of `concurrency` simultaneous 10 MB uploads, then `requests`
// mixed requests (`concurrency` at a time): small and 10 MB uploads, slow senders, clients
// that disconnect mid-upload, over-limit bodies (413), bad pipelines and bad CSV (400). Every
// complete answer must be the native CLI's exact bytes (or the exact JSON error), the server's
// memory must not grow from the first hundred mixed requests to the last, and it must still
// answer at the end. Prints requests/s, MB/s, latency percentiles per kind and the server
// process's peak RSS.
import http from 'node:http';
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const NATIVE = resolve(ROOT, process.env.CSV_KERNELS_NATIVE ?? 'target/release/csv-kernels');
const PIPELINE = 'derive dfs = digit_factorial_sum(value) | where dfs > 100';
const MAX_BODY = 16 << 20; // the servers' body limit here: a 10 MB upload fits, 20 MB does not
const MB = 1 << 20;

const settings = { requests: 1000, concurrency: 32, rounds: 2, seconds: 600, only: '' };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, '');
  if (!(key in settings)) throw new Error(`unknown option ${process.argv[i]}`);
  settings[key] = key === 'only' ? process.argv[i + 1] : Number(process.argv[i + 1]);
}

/** `rows` CSV rows with digits the kernel and the filter both work on. */
function csvOf(rows) {
  const lines = ['id,value'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${(i * 7919) % 10_000_019}`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

function sha(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What the native CLI answers for `body`: the bytes every door must give. */
function expectedFor(body) {
  const got = spawnSync(NATIVE, ['run', PIPELINE], { input: body, maxBuffer: 1 << 30 });
  if (got.status !== 0) throw new Error(`native CLI ${NATIVE} failed: ${got.error ?? got.stderr}`);
  return { sha: sha(got.stdout), length: got.stdout.length };
}

const big = csvOf(680_000); // 10.0 MB
const small = csvOf(16_000); // about 240 KB
const expected = { big: expectedFor(big), small: expectedFor(small) };

/** Starts a server process on a kernel-chosen port; resolves to { url, pid, stop }. */
function startServer(kind) {
  const env = { ...process.env, CSV_KERNELS_MAX_BODY_BYTES: String(MAX_BODY) };
  const [command, args, portFrom] =
    kind === 'worker'
      ? [join(ROOT, 'node_modules/.bin/workerd'),
        ['serve', join(ROOT, 'edge/workerd.capnp'), '--socket-addr', 'http=127.0.0.1:0', '--control-fd=3', '--verbose'],
        (text) => /"socket":"http","port":(\d+)/.exec(text)?.[1]]
      : ['wasmtime',
        ['serve', '-Scli', '--env', `CSV_KERNELS_MAX_BODY_BYTES=${MAX_BODY}`, '--addr', '127.0.0.1:0',
          join(ROOT, 'dist/csv-kernels-serve.wasm')],
        (text) => /Serving HTTP on http:\/\/127\.0\.0\.1:(\d+)\//.exec(text)?.[1]];
  const child = spawn(command, args, {
    env: { ...env, XDG_CACHE_HOME: join(ROOT, '.cache') },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let text = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} did not start: ${text}`)), 60_000);
    const listen = (data) => {
      text += data;
      const port = portFrom(text);
      if (!port) return;
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${port}`,
        pid: child.pid,
        alive: () => child.exitCode === null,
        log: () => text,
        stop: () => new Promise((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', done);
          child.kill('SIGTERM');
        }),
      });
    };
    child.stdout.on('data', listen);
    child.stderr.on('data', listen);
    child.stdio[3].on('data', listen);
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${kind} exited with ${code}: ${text}`)));
  });
}

function rssBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
}

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

/**
 * One POST. `send(request)` writes the body (and ends it, or destroys the request to
 * disconnect). Resolves to { status, sha, length, text } or { dropped: why }.
 */
function post(url, path, headers, send) {
  return new Promise((resolve) => {
    const started = Date.now();
    const request = http.request(`${url}${path}`, { method: 'POST', headers, agent }, (response) => {
      const hash = createHash('sha256');
      let length = 0;
      const head = [];
      let tail = Buffer.alloc(0);
      response.on('data', (chunk) => {
        hash.update(chunk);
        length += chunk.length;
        if (length <= 4096) head.push(chunk);
        tail = Buffer.concat([tail, chunk]).subarray(-4096);
      });
      response.on('end', () => resolve({
        status: response.statusCode, sha: hash.digest('hex'), length, text: Buffer.concat(head).toString(),
        last: tail.toString().split('\n').at(-2) ?? '', ms: Date.now() - started,
      }));
      response.on('error', (e) => resolve({ dropped: e.code ?? e.message, after: length }));
    });
    request.on('error', (e) => resolve({
      dropped: e.code ?? e.message, ms: Date.now() - started, sent: request.socket?.bytesWritten,
    }));
    send(request);
  });
}

const runPath = (spec = PIPELINE) => `/run?pipeline=${encodeURIComponent(spec)}`;

/** Writes `body` in `piece`-byte writes, `pause` ms apart (a slow sender). */
async function trickle(request, body, piece, pause) {
  for (let at = 0; at < body.length; at += piece) {
    if (request.destroyed) return;
    request.write(body.subarray(at, at + piece));
    await sleep(pause);
  }
  request.end();
}

function jsonError(answer, status, kind) {
  if (answer.dropped || answer.status !== status) return false;
  try {
    const { error } = JSON.parse(answer.text);
    return error.kind === kind && 'line' in error && 'column' in error && typeof error.message === 'string';
  } catch {
    return false;
  }
}

/** A 200 whose last line is the error found after the status was sent. */
function inBandError(answer, kind) {
  const prefix = '# csv-kernels error: ';
  if (answer.dropped || answer.status !== 200 || !answer.last.startsWith(prefix)) return false;
  try {
    return JSON.parse(answer.last.slice(prefix.length)).kind === kind;
  } catch {
    return false;
  }
}

const exact = (answer, want) => answer.status === 200 && answer.sha === want.sha && answer.length === want.length;

/** The request kinds: how to send each, and what a correct outcome is. */
const KINDS = {
  big: { weight: 10, bytes: big.length,
    send: (url) => post(url, runPath(), { 'content-length': big.length }, (r) => r.end(big)),
    ok: (a) => exact(a, expected.big) },
  small: { weight: 55, bytes: small.length,
    send: (url) => post(url, runPath(), {}, (r) => { r.write(small.subarray(0, 1000)); r.end(small.subarray(1000)); }),
    ok: (a) => exact(a, expected.small) },
  slow: { weight: 10, bytes: small.length,
    send: (url) => post(url, runPath(), {}, (r) => trickle(r, small, 16_384, 8)),
    ok: (a) => exact(a, expected.small) },
  // Sends 2 MB of a 10 MB body, then hangs up: any outcome is fine but a crash.
  disconnect: { weight: 10, bytes: 2 * MB,
    send: (url) => post(url, runPath(), { 'content-length': big.length }, (r) => {
      r.write(big.subarray(0, 2 * MB), () => setTimeout(() => r.destroy(), 20));
    }),
    ok: () => true },
  // A chunked body past the limit (the server must count it): passed after the 200 status was
  // committed, the body's last line is the in-band error. And one declared too large.
  too_large: { weight: 3, bytes: MAX_BODY + MB,
    send: (url) => post(url, runPath(), {}, async (r) => {
      // One header, then rows: the CSV stays valid, so the limit is what stops it.
      const rows = big.subarray(big.indexOf(10) + 1);
      for (let sent = 0; sent <= MAX_BODY; sent += rows.length) {
        if (!r.write(sent === 0 ? big : rows)) await new Promise((done) => r.once('drain', done));
      }
      r.end();
    }),
    ok: (a) => jsonError(a, 413, 'body_too_large') || inBandError(a, 'body_too_large') },
  declared_too_large: { weight: 2, bytes: 0,
    send: (url) => post(url, runPath(), { 'content-length': MAX_BODY + 1 }, (r) => r.flushHeaders()),
    ok: (a) => jsonError(a, 413, 'body_too_large') },
  bad_pipeline: { weight: 5, bytes: small.length,
    send: (url) => post(url, runPath('derive d = nope(value)'), {}, (r) => r.end(small)),
    ok: (a) => a.status === 400 && !a.dropped && /"kind":"unknown_/.test(a.text) && jsonError(a, 400, JSON.parse(a.text).error.kind) },
  bad_csv: { weight: 5, bytes: 6,
    send: (url) => post(url, runPath(), {}, (r) => r.end('id,value\n1\n')),
    ok: (a) => jsonError(a, 400, 'ragged_row') },
};

/** A fixed, shuffled schedule of `count` request kinds in the weights above. */
function schedule(count) {
  const names = Object.entries(KINDS).flatMap(([name, k]) => Array(k.weight).fill(name));
  let seed = 12345;
  return Array.from({ length: count }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    // The high bits: the low bits of a power-of-two LCG cycle too soon to reach every kind.
    return names[Math.floor((seed / 2 ** 31) * names.length)];
  });
}

async function soak(kind) {
  const server = await startServer(kind);
  const counts = {};
  const failures = [];
  let peak = 0;
  const sampler = setInterval(() => { if (server.alive()) peak = Math.max(peak, rssBytes(server.pid)); }, 100);
  const deadline = Date.now() + settings.seconds * 1000;
  const latencies = {};
  const record = (name, answer) => {
    const c = (counts[name] ??= { ok: 0, failed: 0 });
    if (KINDS[name].ok(answer)) {
      c.ok++;
      if (answer.ms !== undefined) (latencies[name] ??= []).push(answer.ms);
    }
    else {
      c.failed++;
      if (failures.filter((f) => f.startsWith(`${name}:`)).length < 2) failures.push(`${name}: ${JSON.stringify({ ...answer, text: answer.text?.slice(0, 200) })}`);
    }
  };
  try {
    // Bursts: `concurrency` 10 MB uploads at once.
    const burstStart = performance.now();
    for (let round = 0; round < settings.rounds; round++) {
      const answers = await Promise.all(Array.from({ length: settings.concurrency }, () => KINDS.big.send(server.url)));
      answers.forEach((a) => record('big', a));
    }
    const burstSeconds = (performance.now() - burstStart) / 1000;
    console.error(`${kind}: burst of ${settings.rounds} x ${settings.concurrency} in ${burstSeconds.toFixed(0)} s, peak ${(peak / MB).toFixed(1)} MB, ${JSON.stringify(counts)}`);
    const burstRequests = settings.rounds * settings.concurrency;
    // Mixed requests, `concurrency` in flight, with a quiet RSS sample after every 100.
    const plan = schedule(settings.requests);
    const quietRss = [];
    let sent = 0;
    let bytes = 0;
    const mixedStart = performance.now();
    for (let block = 0; block < plan.length && Date.now() < deadline; block += 100) {
      const queue = plan.slice(block, block + 100);
      await Promise.all(Array.from({ length: settings.concurrency }, async () => {
        for (let name = queue.shift(); name; name = queue.shift()) {
          record(name, await KINDS[name].send(server.url));
          sent++;
          bytes += KINDS[name].bytes;
        }
      }));
      await sleep(200);
      quietRss.push(rssBytes(server.pid));
      // Progress on stderr, so a run cut short by a time limit still leaves its figures.
      console.error(`${kind}: ${sent} mixed requests in ${((performance.now() - mixedStart) / 1000).toFixed(0)} s, quiet RSS ${(quietRss.at(-1) / MB).toFixed(1)} MB, peak ${(peak / MB).toFixed(1)} MB, ${JSON.stringify(counts)}`);
    }
    const mixedSeconds = (performance.now() - mixedStart) / 1000;
    const stillUp = await new Promise((resolve) => {
      http.get(`${server.url}/`, { agent }, (r) => { r.resume(); r.on('end', () => resolve(r.statusCode === 200)); })
        .on('error', () => resolve(false));
    });
    const last = await KINDS.big.send(server.url);
    // Growth: the last quiet sample against the highest of the first two (warm-up), with 10%
    // slack for allocator and JIT noise.
    const warm = Math.max(...quietRss.slice(0, 2));
    const grew = quietRss.length > 2 && quietRss.at(-1) > warm * 1.1;
    const problems = [
      ...failures,
      ...(sent < settings.requests ? [`only ${sent} of ${settings.requests} mixed requests within ${settings.seconds}s`] : []),
      ...(stillUp && exact(last, expected.big) ? [] : ['the server did not answer correctly at the end']),
      ...(grew ? [`memory grew: quiet RSS ${quietRss.map((b) => (b / MB).toFixed(1)).join(', ')} MB`] : []),
    ];
    const report = {
      server: kind,
      burst: `${burstRequests} x 10 MB, ${settings.concurrency} concurrent: ${(burstRequests / burstSeconds).toFixed(1)} requests/s, ${(burstRequests * big.length / MB / burstSeconds).toFixed(0)} MB/s`,
      mixed: `${sent} requests: ${(sent / mixedSeconds).toFixed(1)} requests/s, ${(bytes / MB / mixedSeconds).toFixed(0)} MB/s up`,
      latency_ms: percentiles(latencies),
      peak_rss_mb: +(peak / MB).toFixed(1),
      quiet_rss_mb: quietRss.map((b) => +(b / MB).toFixed(1)),
      counts,
      problems,
    };
    console.log(JSON.stringify(report, null, 1));
    if (problems.length) console.log(`${kind} log (last 2000 characters):\n${server.log().slice(-2000)}`);
    return problems.length === 0;
  } finally {
    clearInterval(sampler);
    await server.stop();
  }
}

/** p50/p95/p99/max of each kind's completed requests, in ms (nearest rank). */
function percentiles(byKind) {
  const out = {};
  for (const [name, list] of Object.entries(byKind)) {
    const sorted = [...list].sort((a, b) => a - b);
    const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
    out[name] = `n=${sorted.length} p50 ${at(50)} p95 ${at(95)} p99 ${at(99)} max ${sorted.at(-1)}`;
  }
  return out;
}

const wanted = settings.only ? [settings.only] : ['worker', 'serve'];
let ok = true;
for (const kind of wanted) {
  const artifact = kind === 'worker' ? 'edge/pkg/csv_kernels_web_bg.wasm' : 'dist/csv-kernels-serve.wasm';
  if (!existsSync(join(ROOT, artifact))) {
    console.log(`soak ${kind}: skipped, ${artifact} is missing (scripts/build-edge.sh)`);
    ok = false;
    continue;
  }
  ok = (await soak(kind)) && ok;
}
console.log(ok ? 'soak: passed' : 'soak: FAILED');
process.exit(ok ? 0 : 1);
