// The edge figures for the closing note: module sizes, wasmtime start-up and a 1 MB job
// against the native CLI, and the Worker (raw workerd) on a 10 MB body. Prints a report;
// nothing is asserted. Run: bash scripts/build-edge.sh && node edge/measure.mjs [--runs N]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ROOT } from '../tests/edge/cases.mjs';
import { startWorkerd } from '../tests/edge/workerd.mjs';

const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const WASM = join(ROOT, 'dist/csv-kernels.wasm');
const NATIVE = join(ROOT, 'target/release/csv-kernels');
const WORKER_WASM = join(ROOT, 'edge/pkg/csv_kernels_web_bg.wasm');
const PIPELINE = 'derive dfs = digit_factorial_sum(value)'; // the seed job
const ENV = { ...process.env, XDG_CACHE_HOME: join(ROOT, '.cache'), RUST_BACKTRACE: '0' };

function data(megabytes) {
  const path = join(ROOT, `tests/artifacts/edge-mixed-${megabytes}mb.csv`);
  if (!existsSync(path)) {
    mkdirSync(join(ROOT, 'tests/artifacts'), { recursive: true });
    const r = spawnSync('python3', [join(ROOT, 'benches/gen_data.py'), 'mixed', String(megabytes), path]);
    if (r.status !== 0) throw new Error(r.stderr.toString());
  }
  return path;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

/** Median wall time of a command, stdin from `input` (a path) if given. */
function timeCommand(command, args, input) {
  const times = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = process.hrtime.bigint();
    const r = spawnSync(command, args, { env: ENV, maxBuffer: 1 << 30, input: input ? readFileSync(input) : undefined });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${r.stderr}`);
  }
  return median(times);
}

async function timeWorker(url, body) {
  const times = [];
  let outputBytes = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const start = process.hrtime.bigint();
    const response = await fetch(url, { method: 'POST', body });
    outputBytes = (await response.arrayBuffer()).byteLength;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (response.status !== 200) throw new Error(`status ${response.status}`);
  }
  return { time: median(times), outputBytes };
}

for (const path of [WASM, NATIVE, WORKER_WASM]) {
  if (!existsSync(path)) throw new Error(`${path} missing: run bash scripts/build-edge.sh`);
}
const wasmBytes = readFileSync(WASM);
const workerBytes = readFileSync(WORKER_WASM);
console.log(`# Edge figures (median of ${RUNS} runs)\n`);
console.log(`WASI module dist/csv-kernels.wasm: ${kib(wasmBytes.length)} (${kib(gzipSync(wasmBytes, { level: 9 }).length)} gzipped)`);
console.log(`Worker module edge/pkg/*_bg.wasm: ${kib(workerBytes.length)} (${kib(gzipSync(workerBytes, { level: 9 }).length)} gzipped)\n`);

const nativeStart = timeCommand(NATIVE, ['--version']);
const coldStart = timeCommand('wasmtime', ['run', '-C', 'cache=n', WASM, '--version']);
const warmStart = timeCommand('wasmtime', ['run', WASM, '--version']);
console.log('| start-up (`--version`) | time |\n|---|---|');
console.log(`| native CLI | ${ms(nativeStart)} |`);
console.log(`| wasmtime run, compile every time (-C cache=n) | ${ms(coldStart)} |`);
console.log(`| wasmtime run, cached compiled module (default) | ${ms(warmStart)} |\n`);

const oneMb = data(1);
const size = statSync(oneMb).size;
const nativeJob = timeCommand(NATIVE, ['run', PIPELINE], oneMb);
const wasiJob = timeCommand('wasmtime', ['run', WASM, 'run', PIPELINE], oneMb);
console.log(`| 1 MB job (${(size / 1e6).toFixed(2)} MB, \`${PIPELINE}\`), start-up included | time | vs native |\n|---|---|---|`);
console.log(`| native CLI | ${ms(nativeJob)} | 1.0x |`);
console.log(`| wasmtime run | ${ms(wasiJob)} | ${(wasiJob / nativeJob).toFixed(1)}x |\n`);

const tenMb = data(10);
const body = readFileSync(tenMb);
const nativeTen = timeCommand(NATIVE, ['run', PIPELINE], tenMb);
const worker = await startWorkerd();
const serve = await startServe();
try {
  const rows = [];
  let outputBytes = 0;
  for (const [name, base] of [['Worker in local workerd', worker.url], ['wasi:http component in wasmtime serve', serve.url]]) {
    const url = new URL('/run', base);
    url.searchParams.set('pipeline', PIPELINE);
    await timeWorker(url, body); // the first request instantiates the isolate / compiles
    const measured = await timeWorker(url, body);
    outputBytes = measured.outputBytes;
    rows.push(`| ${name}, HTTP round trip | ${ms(measured.time)} | ${(body.length / 1e3 / measured.time).toFixed(0)} |`);
  }
  console.log(`| 10 MB body (${(body.length / 1e6).toFixed(2)} MB in, ${(outputBytes / 1e6).toFixed(2)} MB out) | time | MB/s |\n|---|---|---|`);
  for (const row of rows) console.log(row);
  console.log(`| native CLI (process, stdin/stdout) | ${ms(nativeTen)} | ${(body.length / 1e3 / nativeTen).toFixed(0)} |`);
} finally {
  await worker.stop();
  await serve.stop();
}

/** `wasmtime serve` on a port the kernel picks (as tests/edge/serve.test.mjs starts it). */
async function startServe() {
  const child = spawn('wasmtime', ['serve', '-Scli', '--addr', '127.0.0.1:0', join(ROOT, 'dist/csv-kernels-serve.wasm')], {
    env: ENV, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const url = await new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = /Serving HTTP on (http:\/\/127\.0\.0\.1:\d+)\//.exec(stderr);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`wasmtime serve exited with ${code}: ${stderr}`)));
  });
  return { url, stop: () => new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); }) };
}
