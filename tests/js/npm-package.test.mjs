// The npm package as a user gets it: `npm pack` of www/pkg, installed into a fresh project, then
// used from Node without a bundler and from a page built by Vite and opened in Chromium. Vite
// is installed into that project from the registry, as a user would (pinned).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { root } from './golden-cases.mjs';
import { CHROMIUM } from './browser.mjs';
import { serve } from '../../www/serve.mjs';

const SPEC = 'derive dfs = digit_factorial_sum(value)';
const INPUT = 'id,value\n1,145\n2,40585\n';
const EXPECTED = 'id,value,dfs\n1,145,145\n2,40585,40585\n';
const VITE = 'vite@7.3.8';
let project;

before(() => {
  project = mkdtempSync(join(tmpdir(), 'csv-kernels-npm-'));
  const packed = execFileSync('npm', ['pack', join(root, 'www', 'pkg'), '--pack-destination', project, '--json'], { encoding: 'utf8' });
  const tarball = JSON.parse(packed)[0].filename;
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }));
  // A local tarball without dependencies: nothing is fetched.
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', join(project, tarball)], { cwd: project, stdio: 'pipe' });
});

after(() => rmSync(project, { recursive: true, force: true }));

test('the tarball holds the package files and nothing else', () => {
  const installed = readdirSync(join(project, 'node_modules', 'csv-kernels')).sort();
  assert.deepEqual(installed, ['README.md', 'csv_kernels_web.d.ts', 'csv_kernels_web.js', 'csv_kernels_web_bg.wasm',
    'csv_kernels_web_bg.wasm.d.ts', 'node.js', 'package.json']);
  const meta = JSON.parse(readFileSync(join(project, 'node_modules', 'csv-kernels', 'package.json'), 'utf8'));
  const cargoVersion = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version = "(.*)"$/m)[1];
  assert.equal(meta.version, cargoVersion);
});

test('Node, no bundler: import and run, ready at import', () => {
  writeFileSync(join(project, 'use.mjs'), `
    import { run, Job } from 'csv-kernels';
    const out = new TextDecoder().decode(run(${JSON.stringify(SPEC)}, new TextEncoder().encode(${JSON.stringify(INPUT)})));
    const job = new Job('limit 1');
    const streamed = new TextDecoder().decode(new Uint8Array([...job.push(new TextEncoder().encode('a\\n1\\n2\\n')), ...job.finish()]));
    try { run('', new TextEncoder().encode('a,b\\n1\\n')); } catch (e) { console.log(JSON.stringify([out, streamed, e.kind, e.line])); }
  `);
  const printed = execFileSync('node', ['use.mjs'], { cwd: project, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(printed), [EXPECTED, 'a\n1\n', 'ragged_row', 2]);
});

test('Vite build: the page instantiates the wasm and runs in Chromium', async () => {
  const app = join(project, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'index.html'), '<!doctype html><link rel="icon" href="data:,"><script type="module" src="./main.js"></script>');
  writeFileSync(join(app, 'main.js'), `
    import init, { run } from 'csv-kernels';
    await init();
    const out = run(${JSON.stringify(SPEC)}, new TextEncoder().encode(${JSON.stringify(INPUT)}));
    document.body.dataset.out = new TextDecoder().decode(out);
  `);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--save-dev', VITE], { cwd: project, stdio: 'pipe' });
  const vite = join(project, 'node_modules', 'vite', 'bin', 'vite.js');
  execFileSync('node', [vite, 'build', app, '--outDir', join(app, 'dist'), '--logLevel', 'error'], { cwd: project, stdio: 'pipe' });
  assert.ok(readdirSync(join(app, 'dist', 'assets')).some((f) => f.endsWith('.wasm')), 'Vite emitted the wasm asset');
  const { server, url } = await serve(join(app, 'dist'), 0);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.out !== undefined, null, { timeout: 30_000 });
    assert.equal(await page.evaluate(() => document.body.dataset.out), EXPECTED);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await new Promise((done) => server.close(done));
  }
});
