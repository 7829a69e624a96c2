// The huge-file check: drops a generated file of several GB on the page in Chromium (a profile
// on disk, as a person has) and checks the page's row count and download against the native
// CLI on the same file, while sampling the page's memory.
//   node tests/js/huge-file.mjs [GIGABYTES=5]
// Needs `cargo build --release` and scripts/build-web.sh; about 6 minutes and 3x GIGABYTES of
// free disk for 5 GB (the input, the download, the browser's copy of the result).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { execFileSync } from 'node:child_process';
import { root } from './golden-cases.mjs';
import { ARTIFACTS, CLI, dropFile, finished, heapSampler, openBrowser } from './browser.mjs';

const SPEC = 'derive digit_factorial_sum = digit_factorial_sum(value)';
const gigabytes = Number(process.argv[2] ?? 5);
mkdirSync(ARTIFACTS, { recursive: true });
const input = join(ARTIFACTS, `huge-${gigabytes}gb.csv`);

/** A 50 MB generated file repeated (header once) to the size asked for. */
async function generate() {
  if (existsSync(input)) return;
  const seed = join(ARTIFACTS, 'huge-seed-50mb.csv');
  if (!existsSync(seed)) execFileSync('python3', [join(root, 'benches', 'gen_data.py'), 'mixed', '50', seed]);
  const bytes = readFileSync(seed);
  const headerEnd = bytes.indexOf(10) + 1;
  const body = bytes.subarray(headerEnd);
  const out = createWriteStream(input + '.tmp');
  out.write(bytes.subarray(0, headerEnd));
  for (let size = headerEnd; size < gigabytes * 1e9; size += body.length) {
    if (!out.write(body)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  execFileSync('mv', [input + '.tmp', input]);
}

async function sha256(stream) {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk);
  return hash.digest('hex');
}

/** The CLI's output hash (streamed, never stored), its row count and its time. */
async function native() {
  const started = performance.now();
  // `--on-error skip` only to have the counts printed: the file has no bad row, so the output
  // is the same as the page's (which stops at a bad row).
  const child = spawn(CLI, ['run', SPEC, '--input', input, '--on-error', 'skip']);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const hash = await sha256(child.stdout);
  const [code] = await once(child, 'close');
  if (code !== 0) throw new Error(`CLI failed: ${stderr}`);
  const counts = stderr.match(/(\d+) rows in, (\d+) out, 0 skipped/);
  if (!counts) throw new Error(`CLI counts missing or rows skipped: ${stderr}`);
  const rows = Number(counts[1]);
  return { hash, rows, seconds: (performance.now() - started) / 1000 };
}

/** Total RSS of the browser and all its descendants (renderers, workers' process, GPU, ...). */
function browserRss(marker) {
  const procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const parent = new Map();
  const rss = new Map();
  let rootPid = null;
  for (const pid of procs) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const kb = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
      rss.set(pid, kb ? Number(kb[1]) * 1024 : 0);
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!rootPid && cmd.includes(marker) && !cmd.includes('--type=')) rootPid = pid;
    } catch {
      // the process ended while we looked
    }
  }
  const inTree = (pid) => {
    for (let p = pid; p && p !== '0' && p !== '1'; p = parent.get(p)) if (p === rootPid) return true;
    return false;
  };
  return rootPid ? procs.filter(inTree).reduce((sum, pid) => sum + (rss.get(pid) ?? 0), 0) : 0;
}

async function inPage() {
  const profileDir = mkdtempSync(join(tmpdir(), 'csv-kernels-huge-'));
  const browser = await openBrowser({ userDataDir: profileDir });
  try {
    const page = await browser.newPage();
    await page.uncheck('#opt-profile');
    const rssBefore = browserRss(profileDir);
    let rssPeak = rssBefore;
    const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, browserRss(profileDir))), 500);
    const stopSampling = await heapSampler(page);
    const started = performance.now();
    await dropFile(page, input);
    const status = await finished(page, 3_600_000);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(rssTimer);
    const peak = await stopSampling();
    if (status !== 'done') throw new Error(`page: ${await page.textContent('#error')}`);
    const rows = Number(await page.getAttribute('#summary', 'data-rows-in'));
    const wasmMemory = Number(await page.getAttribute('#summary', 'data-wasm-memory'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const hash = await sha256(createReadStream(await download.path()));
    const downloaded = statSync(await download.path()).size;
    await download.delete();
    await page.close();
    return { seconds, rows, hash, downloaded, peak, wasmMemory, rssBefore, rssPeak };
  } finally {
    await browser.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
}

await generate();
const size = statSync(input).size;
const cli = await native();
const page = await inPage();
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const gb = (bytes) => `${(bytes / 1e9).toFixed(2)} GB`;
console.log(`\nInput: ${input} (${gb(size)}), pipeline: ${SPEC}\n`);
console.log('| run | time | rows | output | sha256 |');
console.log('|---|---|---|---|---|');
console.log(`| native CLI | ${cli.seconds.toFixed(1)} s | ${cli.rows} | streamed | ${cli.hash.slice(0, 16)}… |`);
console.log(`| page (drop to done) | ${page.seconds.toFixed(1)} s | ${page.rows} | ${gb(page.downloaded)} download | ${page.hash.slice(0, 16)}… |`);
console.log(`\nPage memory: peak JS heap ${mb(page.peak.page)} (page) / ${mb(page.peak.worker)} (worker), ` +
  `peak ArrayBuffers ${mb(page.peak.pageBuffers)} / ${mb(page.peak.workerBuffers)}, wasm memory ${mb(page.wasmMemory)}, ` +
  `browser processes' total RSS ${gb(page.rssBefore)} before the drop, ${gb(page.rssPeak)} at peak.`);
const ok = cli.hash === page.hash && cli.rows === page.rows;
console.log(`Rows and download equal to the CLI's: ${ok}`);
if (!ok) process.exitCode = 1;
