// The page end to end in headless Chromium: a multi-MB CSV dropped with a real drag and drop,
// the picker with an edited pipeline, the sample button and a bad row; each download is
// compared byte for byte with the native CLI, and no request may leave 127.0.0.1 or carry data.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './golden-cases.mjs';
import { ARTIFACTS, CLI, dropFile, finished, openBrowser } from './browser.mjs';
import { exploreTests } from './page-explore.e2e.mjs';

const DEFAULT_SPEC = 'derive digit_factorial_sum = digit_factorial_sum(value)';
const MIXED = join(ARTIFACTS, 'e2e-mixed-8mb.csv');
const BAD = join(ARTIFACTS, 'e2e-bad-row.csv');
const SEMICOLON = join(ARTIFACTS, 'e2e-semicolon.csv');
const GIGABYTE = join(ARTIFACTS, 'e2e-mixed-1gb.csv');
let browser;

function cli(spec, input, ...options) {
  return execFileSync(CLI, ['run', spec, '--input', input, ...options], { maxBuffer: 1 << 30 });
}

/** The 8 MB file's rows repeated (header once) to about 1 GB, written once and kept. */
function writeGigabyte() {
  if (existsSync(GIGABYTE)) return;
  const bytes = readFileSync(MIXED);
  const headerEnd = bytes.indexOf(10) + 1;
  const fd = openSync(GIGABYTE + '.tmp', 'w');
  writeSync(fd, bytes.subarray(0, headerEnd));
  for (let size = headerEnd; size < 1e9; size += bytes.length - headerEnd) writeSync(fd, bytes.subarray(headerEnd));
  closeSync(fd);
  renameSync(GIGABYTE + '.tmp', GIGABYTE);
}

async function download(page) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  return readFileSync(await file.path());
}

function assertSameBytes(got, want, what) {
  assert.equal(got.length, want.length, `${what}: ${got.length} bytes, the CLI gives ${want.length}`);
  assert.ok(got.equals(want), `${what}: bytes differ from the CLI's output`);
}

describe('the page', () => {
  before(async () => {
    assert.ok(existsSync(CLI), `missing ${CLI}: run cargo build --release`);
    mkdirSync(ARTIFACTS, { recursive: true });
    if (!existsSync(MIXED)) execFileSync('python3', [join(root, 'benches', 'gen_data.py'), 'mixed', '8', MIXED]);
    writeFileSync(BAD, 'id,value\n1,145\n"2",40585\n3\n4,1\n');
    writeFileSync(SEMICOLON, 'id;value;note\n1;145;"a;b"\n2;40585;\n3;x;c\n4;7;d\n');
    browser = await openBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  test('a dropped multi-MB file gives the CLI bytes, with progress, preview and profile', async () => {
    const page = await browser.newPage();
    await dropFile(page, MIXED);
    assert.equal(await finished(page), 'done', await page.textContent('#error'));
    assert.equal(await page.inputValue('#pipeline'), DEFAULT_SPEC, 'a value column proposes the default job');
    // 185,877 rows: estimated from the first 64 KB, to two digits.
    assert.equal(await page.textContent('#sniff-rows'), 'about 190,000');
    assert.equal(await page.textContent('#sniff-encoding'), 'utf-8');
    assert.equal(await page.getAttribute('#progress', 'value'), '1');
    assert.match(await page.textContent('#rate'), /rows\/s$/);
    assert.equal(await page.isHidden('#error'), true);
    const header = await page.$$eval('#preview thead th .column-sort', (cells) => cells.map((c) => c.textContent));
    assert.deepEqual(header, ['id', 'value', 'price', 'flag', 'city', 'note', 'digit_factorial_sum']);
    assert.equal(await page.locator('#preview tbody tr').count(), 20);
    const types = await page.$$eval('#profile tbody tr', (rows) => rows.map((r) => r.cells[1].textContent));
    assert.deepEqual(types, ['integer', 'integer', 'float', 'boolean', 'text', 'text']);
    assert.equal(await page.locator('#profile canvas').count(), 3, 'one histogram per numeric column');
    assertSameBytes(await download(page), cli(DEFAULT_SPEC, MIXED), 'dropped file');
    await page.screenshot({ path: join(ARTIFACTS, 'page-done.png'), fullPage: true });
    await page.close();
  });

  test('the profile shows distinct values, quartiles, top values as bars and histograms', async () => {
    // Two golden cases, whose expected profiles were checked against DuckDB.
    let page = await browser.newPage();
    await dropFile(page, join(root, 'tests', 'cases', 'profile-top-values', 'input.csv'));
    assert.equal(await finished(page), 'done', await page.textContent('#error'));
    const heads = await page.$$eval('#profile thead th', (cells) => cells.map((c) => c.textContent));
    assert.deepEqual(heads, ['Column', 'Type', 'Values', 'Empty', 'Distinct', 'Min', 'Q1', 'Median', 'Q3', 'Max',
      'Mean', 'Std dev', 'Length', 'Distribution']);
    const texts = () => page.$$eval('#profile tbody tr', (rows) =>
      rows.map((r) => [...r.cells].slice(0, 13).map((c) => c.textContent)));
    assert.deepEqual(await texts(), [
      ['city', 'text', '15', '0', '12', '', '', '', '', '', '', '', '3–6'],
      ['score', 'float', '14', '1', '8', '-2', '7', '7', '9.75', '10', '6.679', '3.74', '1–3'],
      ['ok', 'boolean', '15', '0', '3', '', '', '', '', '', '', '', '4–5'],
    ]);
    const top = (column) => page.$$eval(`#profile tr[data-column="${column}"] .top-values li`, (items) =>
      items.map((li) => {
        const share = li.querySelector('.top-bar').getBoundingClientRect().width
          / li.querySelector('.top-track').getBoundingClientRect().width;
        return [li.querySelector('.top-label').textContent, li.querySelector('.top-count').textContent, share.toFixed(2)];
      }));
    assert.deepEqual(await top('city'), [['Paris', '3', '1.00'], ['Lyon', '2', '0.67'], ['Angers', '1', '0.33'],
      ['Brest', '1', '0.33'], ['Caen', '1', '0.33'], ['Dijon', '1', '0.33'], ['Lille', '1', '0.33'], ['Metz', '1', '0.33'],
      ['Nantes', '1', '0.33'], ['Nice', '1', '0.33']]);
    assert.deepEqual(await top('ok'), [['true', '9', '1.00'], ['false', '5', '0.56'], ['TRUE', '1', '0.11']]);
    const histogram = (column) => page.$eval(`#profile tr[data-column="${column}"] canvas`,
      (canvas) => [canvas.title, canvas.dataset.counts]);
    assert.deepEqual(await histogram('score'), ['25 bins from -2 to 10.5, 0.5 wide',
      '1,0,0,0,1,0,0,0,0,0,0,1,0,0,0,0,0,0,5,0,1,0,1,0,4']);
    assert.equal(await page.locator('#profile canvas').count(), 1, 'text and booleans get bars, not histograms');
    await page.close();

    page = await browser.newPage();
    await dropFile(page, join(root, 'tests', 'cases', 'profile-dates-iso', 'input.csv'));
    assert.equal(await finished(page), 'done', await page.textContent('#error'));
    assert.deepEqual(await texts(), [
      ['d', 'date', '3', '1', '3', '2023-12-01', '2023-12-31 12:00:00', '2024-01-31', '2024-02-14 12:00:00', '2024-02-29',
        '2024-01-20 08:00:00', '45.938 days', '10–10'],
      ['t', 'datetime', '4', '0', '4', '2024-01-31 00:00:00', '2024-01-31 09:00:00', '2024-01-31 12:00:00.125',
        '2024-01-31 17:07:30.1875', '2024-02-01 08:30:00', '2024-01-31 14:07:30.0625', '0.562 days', '10–22'],
      ['bad', 'text', '3', '1', '3', '', '', '', '', '', '', '', '10–10'],
    ]);
    assert.deepEqual(await histogram('d'), ['23 bins from 2023-12-01 to 2024-03-02, 4 days wide',
      '1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0,1']);
    assert.deepEqual(await histogram('t'), ['22 bins from 2024-01-31 00:00:00 to 2024-02-01 09:00:00, 0.063 days wide',
      '1,0,0,0,0,0,0,0,2,0,0,0,0,0,0,0,0,0,0,0,0,1']);
    assert.deepEqual((await top('bad')).map(([value, count]) => [value, count]),
      [['2024-01-01', '1'], ['2024-01-31', '1'], ['2024-13-01', '1']]);
    await page.screenshot({ path: join(ARTIFACTS, 'page-profile.png'), fullPage: true });
    await page.close();
  });

  test('the picker, then steps added with the controls and Run, give the CLI bytes', async () => {
    const page = await browser.newPage();
    await page.setInputFiles('#file-input', MIXED);
    assert.equal(await finished(page), 'done');
    await page.selectOption('#step-kind', 'where');
    await page.selectOption('#step-column', 'digit_factorial_sum');
    await page.selectOption('#step-op', '>');
    await page.fill('#step-value', '400000');
    await page.click('#add-step');
    await page.selectOption('#step-kind', 'select');
    await page.selectOption('#step-column', ['id', 'city', 'digit_factorial_sum']);
    await page.click('#add-step');
    const spec = await page.inputValue('#pipeline');
    assert.equal(spec, `${DEFAULT_SPEC} | where digit_factorial_sum > 400000 | select id, city, digit_factorial_sum`);
    assert.match(await page.textContent('#spec-check'), /^✓ valid/);
    assert.match(await page.textContent('#cli-command'), /^csv-kernels run 'derive .* --input FILE\.csv$/);
    await page.click('#run');
    assert.equal(await finished(page), 'done', await page.textContent('#error'));
    assertSameBytes(await download(page), cli(spec, MIXED), 'picked file, edited pipeline');
    await page.close();
  });

  test('the sample button runs generated data without any file', async () => {
    const page = await browser.newPage();
    await page.click('#sample');
    assert.equal(await finished(page), 'done', await page.textContent('#error'));
    assert.match(await page.textContent('#file-info'), /^sample-orders\.csv/);
    assert.equal(await page.locator('#preview tbody tr').count(), 20);
    const result = await download(page);
    const lines = result.toString('utf8').split('\n');
    assert.equal(lines[0], 'order_id,date,customer,city,value,price,quantity,in_stock,note,digit_factorial_sum');
    assert.match(await page.textContent('#summary'), /Rows out100,000/);
    await page.close();
  });

  test('?sample (the address npm start prints) runs the sample as the page opens', async () => {
    const page = await browser.newPage('?sample');
    assert.equal(await finished(page), 'done', await page.textContent('#error'));
    assert.match(await page.textContent('#file-info'), /^sample-orders\.csv/);
    assert.equal(await page.locator('#preview tbody tr').count(), 20);
    await page.close();
  });

  test('a bad row shows the error with its line, as the CLI reports it', async () => {
    const page = await browser.newPage();
    await dropFile(page, BAD);
    assert.equal(await finished(page), 'error');
    const shown = await page.textContent('#error');
    assert.match(shown, /line 4, column 2/);
    assert.match(shown, /ragged_row/);
    assert.equal(await page.isHidden('#download'), true);
    // The schema describes the good rows and says how many bad ones it left out.
    const schema = await page.$$eval('#schema tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
    assert.deepEqual(schema, [['id', 'integer', '0'], ['value', 'integer', '0']]);
    assert.equal(await page.textContent('#schema-note'), '1 bad row of the first megabyte left out of this schema.');
    const native = spawnSync(CLI, ['run', DEFAULT_SPEC, '--input', BAD]);
    assert.equal(native.status, 2);
    assert.match(native.stderr.toString(), /line 4, column 2: ragged_row/);
    await page.screenshot({ path: join(ARTIFACTS, 'page-error.png'), fullPage: true });
    await page.close();
  });

  test('a pipeline error is shown as the pipeline\'s, at its line and column', async () => {
    const page = await browser.newPage();
    await dropFile(page, SEMICOLON);
    assert.equal(await finished(page), 'error', 'sniffed as semicolons, the default job meets the x');
    await page.fill('#pipeline', 'select nope');
    await page.click('#run');
    assert.equal(await finished(page), 'error');
    assert.match(await page.textContent('#error'), /^Pipeline error at line 1, column 8/);
    await page.close();
  });

  test('reading options re-read the file and reach the core as the CLI flags would', async () => {
    const page = await browser.newPage();
    await dropFile(page, SEMICOLON);
    assert.equal(await finished(page), 'error', 'sniffed as semicolons, the default job meets the x');
    // Sniffed as semicolons; read with commas there is no value column, and so no default job.
    await page.selectOption('#opt-delimiter', ',');
    await page.waitForFunction(() => document.getElementById('pipeline').value === '');
    await page.selectOption('#opt-delimiter', ';');
    await page.waitForFunction(() => document.getElementById('pipeline').value !== '');
    assert.equal(await finished(page), 'error', 'x is not an integer');
    assert.match(await page.textContent('#error'), /line 4, column 2: invalid_number/);
    await page.selectOption('#opt-on-error', 'skip');
    assert.equal(await finished(page), 'done', await page.textContent('#error'));
    assert.match(await page.textContent('#summary'), /Skipped1/);
    assertSameBytes(await download(page), cli(DEFAULT_SPEC, SEMICOLON, '--delimiter', ';', '--on-error', 'skip'), 'semicolons, skip');
    assert.match(await page.textContent('#cli-command'), /--delimiter ';' --on-error skip --input FILE\.csv$/);
    await page.close();
  });

  test('a 1 GB run keeps the tab responsive, shows the time left, and Cancel stops it at once', async () => {
    writeGigabyte();
    const page = await browser.newPage();
    await page.uncheck('#opt-profile');
    await dropFile(page, GIGABYTE);
    await page.waitForFunction(() => / left$/.test(document.getElementById('progress-text').textContent), null, { timeout: 60_000 });
    assert.match(await page.textContent('#rate'), /rows\/s$/);
    // A click on the main thread while the worker streams: the handler runs within 100 ms of the event.
    const latency = page.evaluate(() => new Promise((done) => {
      const summary = document.querySelector('details.cli summary');
      summary.addEventListener('click', (event) => done(performance.now() - event.timeStamp), { once: true });
    }));
    await page.click('details.cli summary');
    const ms = await latency;
    assert.ok(ms < 100, `click handled ${ms.toFixed(1)} ms after the event`);
    await page.click('#cancel');
    assert.equal(await page.textContent('#status'), 'cancelled');
    assert.equal(await page.textContent('#progress-text'), 'Cancelled.');
    const before = await page.getAttribute('#progress', 'value');
    await page.waitForTimeout(500);
    assert.equal(await page.getAttribute('#progress', 'value'), before, 'no progress after Cancel: the worker is gone');
    assert.ok(Number(before) < 1, 'cancelled mid-file');
    assert.equal(await page.isHidden('#cancel'), true);
    assert.equal(await page.isHidden('#download'), true);
    console.log(`# click latency during a 1 GB run: ${ms.toFixed(1)} ms; cancelled at ${(Number(before) * 100).toFixed(0)}%`);
    await page.close();
  });

  test('the keyboard reaches every control, and Enter on the drop zone opens the picker', async () => {
    const page = await browser.newPage();
    // Asked for first: the file-chooser interception must be on before Enter is pressed.
    const chooser = page.waitForEvent('filechooser', { timeout: 60_000 });
    const reached = new Set();
    const unmarked = [];
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const [name, outline] = await page.evaluate(() => [document.activeElement?.id || document.activeElement?.tagName,
        getComputedStyle(document.activeElement).outlineStyle]);
      reached.add(name);
      // Past the last control, Tab leaves the page (the body): every control before shows its focus.
      if (name !== 'BODY' && outline === 'none') unmarked.push(name);
    }
    for (const id of ['drop-zone', 'sample', 'opt-delimiter', 'opt-quote', 'opt-on-error', 'opt-memory', 'opt-header', 'opt-profile', 'pipeline',
      'step-kind', 'add-step', 'opt-format']) {
      assert.ok(reached.has(id), `Tab never reaches #${id} (reached: ${[...reached].join(', ')})`);
    }
    assert.deepEqual(unmarked, [], 'the focused control shows its focus');
    await page.focus('#drop-zone');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(SEMICOLON);
    assert.equal(await finished(page), 'error', 'sniffed as semicolons, the default job meets the x');
    assert.match(await page.textContent('#file-info'), /^e2e-semicolon\.csv/);
    await page.close();
  });

  test('axe-core finds no serious or critical accessibility violation, before and after a run, with every new control', async () => {
    const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    const page = await browser.newPage();
    const audit = async (when) => {
      // Evaluated through the debugger protocol, which the page's CSP does not restrict.
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => (await window.axe.run(document)).violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
      assert.deepEqual(violations, [], `${when}: ${violations.join('; ')}`);
    };
    await audit('empty page');
    await dropFile(page, MIXED);
    assert.equal(await finished(page), 'done');
    await audit('after a run');
    // The quick actions' buttons are in the Tab order, after the pipeline's controls.
    const reached = [];
    await page.focus('#run');
    for (let i = 0; i < 40 && reached.length < 2; i++) {
      await page.keyboard.press('Tab');
      const name = await page.evaluate(() => document.activeElement.className);
      if (name === 'column-sort' || name === 'column-menu-button') reached.push(name);
    }
    assert.deepEqual(reached, ['column-sort', 'column-menu-button']);
    await page.keyboard.press('Enter');
    await audit('with a column menu open');
    await page.keyboard.press('Escape');
    // By city: grouping by id (unique) would need more than the wasm build's 64 MiB for groups.
    await page.click('#preview th:nth-child(5) .column-menu-button');
    await page.click('#menu-group');
    assert.equal(await finished(page), 'done', await page.textContent('#error'));
    await page.waitForSelector('#group-chart:not([hidden])');
    await audit('with a grouped result and its chart');
    await page.fill('#pipeline', 'select id | so');
    await page.waitForSelector('#completions:not([hidden])');
    await audit('with the completion list open');
    await page.fill('#pipeline', 'select id | derive x = lower(');
    await page.waitForSelector('#spec-marks:not([hidden])');
    await audit('with a spec error marked');
    await page.close();
  });

  test('a browser without WebAssembly SIMD gets a plain message, not a broken page', async () => {
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      const validate = WebAssembly.validate;
      // Pretend SIMD is missing: any module using the 0xFD opcode prefix fails validation.
      WebAssembly.validate = (bytes) => !new Uint8Array(bytes).includes(0xfd) && validate(bytes);
    });
    await page.goto(browser.url);
    await page.waitForSelector('#error:not([hidden])');
    assert.match(await page.textContent('#error'), /does not support WebAssembly SIMD/);
    assert.equal(await page.isDisabled('#sample'), true);
    await page.close();
  });

  exploreTests(() => browser, { MIXED, SEMICOLON });

  test('no request leaves 127.0.0.1 or carries the data', () => {
    const origin = new URL(browser.url).origin;
    const requests = browser.requests;
    assert.ok(requests.length > 0);
    for (const { url, method, body } of requests) {
      assert.equal(new URL(url).origin, origin, `request to ${url}`);
      assert.equal(method, 'GET', `${method} ${url}`);
      assert.equal(body, null, `${url} carries a body`);
    }
    const paths = new Set(requests.map((r) => new URL(r.url).pathname));
    const expected = ['/', '/style.css', '/app.js', '/builder.js', '/render.js', '/profile.js', '/worker.js', '/sample.js',
      '/actions.js', '/chart.js', '/complete.js', '/filecard.js', '/output.js',
      '/pkg/csv_kernels_web.js', '/pkg/csv_kernels_web_bg.wasm'];
    assert.deepEqual([...paths].sort(), expected.sort(), 'only the page\'s own files are fetched');
    console.log(`# ${requests.length} requests, all GET to ${origin}, none with a body`);
  });
});
