// Measures the page on a big file against the native CLI on the same file: wall time, and the
// peak JS heap of the page and of its worker (CDP Runtime.getHeapUsage, sampled every 50 ms).
//   node tests/js/measure-page.mjs [MEGABYTES=100]
// Needs `cargo build --release` and scripts/build-web.sh. Prints a markdown table.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './golden-cases.mjs';
import { ARTIFACTS, CLI, dropFile, finished, heapSampler, openBrowser } from './browser.mjs';

const SPEC = 'derive digit_factorial_sum = digit_factorial_sum(value)';
const megabytes = Number(process.argv[2] ?? 100);
const input = join(ARTIFACTS, `measure-mixed-${megabytes}mb.csv`);
const cliOutput = join(ARTIFACTS, `measure-mixed-${megabytes}mb.cli.csv`);
mkdirSync(ARTIFACTS, { recursive: true });
if (!existsSync(input)) execFileSync('python3', [join(root, 'benches', 'gen_data.py'), 'mixed', String(megabytes), input]);
const size = statSync(input).size;

function timeCli() {
  const started = performance.now();
  const run = spawnSync(CLI, ['run', SPEC, '--input', input, '--output', cliOutput]);
  if (run.status !== 0) throw new Error(`CLI failed: ${run.stderr}`);
  return (performance.now() - started) / 1000;
}

async function timePage(browser, withProfile) {
  const page = await browser.newPage();
  if (!withProfile) await page.uncheck('#opt-profile');
  const stopSampling = await heapSampler(page);
  const started = performance.now();
  await dropFile(page, input);
  const status = await finished(page, 600_000);
  const wall = (performance.now() - started) / 1000;
  const peak = await stopSampling();
  if (status !== 'done') throw new Error(`page: ${await page.textContent('#error')}`);
  const worker = await page.textContent('#progress-text'); // "100 MB in 1.23 s", timed in the worker
  const inWorker = Number(worker.match(/in ([\d.]+) s/)[1]);
  const wasmMemory = Number(await page.getAttribute('#summary', 'data-wasm-memory'));
  let same = null;
  if (!withProfile) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    same = readFileSync(await download.path()).equals(readFileSync(cliOutput));
  }
  await page.close();
  return { wall, inWorker, peak, same, wasmMemory };
}

const cliTimes = [timeCli(), timeCli(), timeCli()].sort((a, b) => a - b);
const browser = await openBrowser();
try {
  const bare = await timePage(browser, false);
  const profiled = await timePage(browser, true);
  const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
  const rate = (seconds) => `${(size / 1e6 / seconds).toFixed(0)} MB/s`;
  console.log(`\nInput: ${input} (${mb(size)}), pipeline: ${SPEC}\n`);
  console.log('| run | time | throughput | peak JS heap: page / largest worker | peak ArrayBuffers: page / largest worker | wasm memory (job) |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| native CLI (median of 3) | ${cliTimes[1].toFixed(2)} s | ${rate(cliTimes[1])} | - | - | - |`);
  for (const [name, r] of [['page, job only', bare], ['page, job + input profile (default)', profiled]]) {
    const p = r.peak;
    console.log(`| ${name}: drop to done | ${r.wall.toFixed(2)} s | ${rate(r.wall)} | ${mb(p.page)} / ${mb(p.worker)} | ` +
      `${mb(p.pageBuffers)} / ${mb(p.workerBuffers)} | ${mb(r.wasmMemory)} |`);
    console.log(`| ${name}: streaming, timed in the worker | ${r.inWorker.toFixed(2)} s | ${rate(r.inWorker)} | ${p.samples} samples | | |`);
  }
  console.log(`\nPage download identical to the CLI output: ${bare.same}`);
  if (!bare.same) process.exitCode = 1;
} finally {
  await browser.close();
}
