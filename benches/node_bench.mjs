// In-process Node timings of the browser package (wasm-bindgen, --target web, loaded with
// initSync) and of Papa Parse, for benches/bench.py:
//   node benches/node_bench.mjs seed INPUT OUTPUT REPEATS   Job streaming 256 KiB chunks
//   node benches/node_bench.mjs first_n COUNT REPEATS
//   node benches/node_bench.mjs profile INPUT REPEATS
//   node benches/node_bench.mjs count INPUT REPEATS        parse every row and count them, as uDSV's row
//   node benches/node_bench.mjs papaparse INPUT REPEATS     parse every row, like profile must
//   node benches/node_bench.mjs udsv INPUT REPEATS          the same with uDSV, the fastest JS parser
// Prints a JSON list of seconds (after one warm-up run).
import { openSync, readSync, closeSync, readFileSync, writeFileSync, readdirSync, createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = join(root, 'www', 'pkg');
const CHUNK = 256 * 1024;

async function loadPackage() {
  const js = readdirSync(pkgDir).find((f) => f.endsWith('.js') && !f.endsWith('_bg.js') && !f.includes('snippets'));
  const wasm = readdirSync(pkgDir).find((f) => f.endsWith('_bg.wasm'));
  const pkg = await import(join(pkgDir, js));
  pkg.initSync({ module: readFileSync(join(pkgDir, wasm)) });
  return pkg;
}

/** Calls each(chunk) for successive chunks of the file, reusing one buffer. */
function forEachChunk(path, each) {
  const fd = openSync(path, 'r');
  const buf = new Uint8Array(CHUNK);
  try {
    for (let n; (n = readSync(fd, buf, 0, CHUNK, null)) > 0; ) each(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

async function jobs() {
  const [kind, ...args] = process.argv.slice(2);
  if (kind === 'papaparse') {
    const Papa = (await import('papaparse')).default;
    return () =>
      new Promise((resolve, reject) => {
        let rows = 0;
        Papa.parse(createReadStream(args[0]), { step: () => rows++, complete: () => resolve(rows), error: reject });
      });
  }
  if (kind === 'udsv') {
    const { inferSchema, initParser } = await import('udsv');
    // Streaming string chunks with a counting handler, so uDSV keeps no rows (as Papa's step).
    return () =>
      new Promise((resolve, reject) => {
        let parser = null;
        let rows = 0;
        const count = () => rows++;
        createReadStream(args[0], { encoding: 'utf8', highWaterMark: CHUNK })
          .on('data', (text) => {
            parser ??= initParser(inferSchema(text));
            parser.chunk(text, parser.stringArrs, count);
          })
          .on('end', () => {
            parser.end();
            resolve(rows);
          })
          .on('error', reject);
      });
  }
  const pkg = await loadPackage();
  if (kind === 'first_n') return () => pkg.firstN(Number(args[0]));
  if (kind === 'profile') {
    return () => {
      // The streaming profiler is the Job-like door when the package has one; else whole-file.
      const data = readFileSync(args[0]);
      return pkg.profile(data);
    };
  }
  if (kind === 'count') {
    // The parser alone, what the uDSV and Papa Parse rows measure: a Job that only counts rows.
    return () => {
      const job = new pkg.Job('aggregate n = count()');
      forEachChunk(args[0], (chunk) => job.push(chunk));
      return job.finish();
    };
  }
  if (kind === 'seed') {
    const [input, output] = args;
    return () => {
      const job = new pkg.Job('derive digit_factorial_sum = digit_factorial_sum(value)');
      const parts = [];
      forEachChunk(input, (chunk) => parts.push(job.push(chunk)));
      parts.push(job.finish());
      writeFileSync(output, Buffer.concat(parts));
    };
  }
  throw new Error(`unknown benchmark ${kind}`);
}

const run = await jobs();
const repeats = Number(process.argv[process.argv.length - 1]);
await run();
const times = [];
for (let i = 0; i < repeats; i++) {
  const start = performance.now();
  await run();
  times.push((performance.now() - start) / 1000);
}
console.log(JSON.stringify(times));
