// The page's exploring features end to end, registered inside page.e2e.test.mjs's suite (so
// its request log covers them): the sniff and schema card, quick actions (sort by a click,
// filter and group from a column's menu, the group chart), output formats, completion and the
// spec error's mark. Every download is compared byte for byte with the native CLI's output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ARTIFACTS, CLI, dropFile, finished } from './browser.mjs';

const DEFAULT_SPEC = 'derive digit_factorial_sum = digit_factorial_sum(value)';

function cli(spec, input, ...options) {
  return execFileSync(CLI, ['run', spec, '--input', input, ...options], { maxBuffer: 1 << 30 });
}

async function download(page) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  return { bytes: readFileSync(await file.path()), name: file.suggestedFilename() };
}

function assertSameBytes(got, want, what) {
  assert.equal(got.length, want.length, `${what}: ${got.length} bytes, the CLI gives ${want.length}`);
  assert.ok(got.equals(want), `${what}: bytes differ from the CLI's output`);
}

/** Waits for the run a click started: the status leaves `done` first, then comes back. */
async function rerun(page, action) {
  await page.evaluate(() => { document.getElementById('status').textContent = 'waiting'; });
  await action();
  return finished(page);
}

const texts = (page, selector) => page.$$eval(selector, (els) => els.map((e) => e.textContent));

/** `browser()` gives the suite's browser; `files` its MIXED and SEMICOLON inputs. */
export function exploreTests(browser, { MIXED, SEMICOLON }) {
  /** A new page after `file` was dropped and its default job ended with `status`. */
  const dropped = async (file, status = 'done') => {
    const page = await browser().newPage();
    await dropFile(page, file);
    assert.equal(await finished(page), status, await page.textContent('#error'));
    return page;
  };

  test('on drop, the sniffed dialect, encoding, rows and schema are shown and set the options', async () => {
    const page = await browser().newPage();
    await dropFile(page, SEMICOLON);
    assert.equal(await finished(page), 'error', 'the value column holds an x');
    assert.deepEqual(await texts(page, '#sniff-facts dd'), ['semicolon ;', 'double "', 'yes', 'ascii', '4', '47 B']);
    assert.equal(await page.inputValue('#opt-delimiter'), ';');
    assert.equal(await page.inputValue('#opt-quote'), '"');
    assert.equal(await page.isChecked('#opt-header'), true);
    const schema = await page.$$eval('#schema tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
    assert.deepEqual(schema, [['Column', 'Type', 'Nulls'], ['id', 'integer', '0'], ['value', 'text', '0'], ['note', 'text', '1']]);
    await page.screenshot({ path: join(ARTIFACTS, 'page-dropped.png'), fullPage: true });
    // Overriding: read as commas, the file is one column per line and the schema says so.
    await page.selectOption('#opt-delimiter', ',');
    await page.waitForFunction(() => document.querySelector('#schema tbody tr td')?.textContent === 'id;value;note');
    assert.equal(await page.locator('#schema tbody tr').count(), 1);
    assert.equal(await page.textContent('#sniff-delimiter'), 'semicolon ;', 'the sniff stays as it was found');
    await page.close();
  });

  test('a click on a column name sorts by it, a second click sorts descending: the CLI\'s bytes', async () => {
    const page = await dropped(MIXED);
    assert.equal(await rerun(page, () => page.click('#preview th:nth-child(3) .column-sort')), 'done');
    assert.equal(await page.inputValue('#pipeline'), `${DEFAULT_SPEC} | sort price`);
    assert.equal(await page.getAttribute('#preview th:nth-child(3)', 'aria-sort'), 'ascending');
    assertSameBytes((await download(page)).bytes, cli(`${DEFAULT_SPEC} | sort price`, MIXED), 'sort price');
    assert.equal(await rerun(page, () => page.click('#preview th:nth-child(3) .column-sort')), 'done');
    assert.equal(await page.inputValue('#pipeline'), `${DEFAULT_SPEC} | sort -price`);
    assert.equal(await page.getAttribute('#preview th:nth-child(3)', 'aria-sort'), 'descending');
    assertSameBytes((await download(page)).bytes, cli(`${DEFAULT_SPEC} | sort -price`, MIXED), 'sort -price');
    // Another column replaces the sort instead of stacking a second one.
    assert.equal(await rerun(page, () => page.click('#preview th:nth-child(2) .column-sort')), 'done');
    assert.equal(await page.inputValue('#pipeline'), `${DEFAULT_SPEC} | sort value`);
    await page.close();
  });

  test('a column menu, from the keyboard, groups by it: the CLI\'s bytes, a table and a bar chart', async () => {
    const page = await dropped(MIXED);
    await page.focus('#preview th:nth-child(5) .column-menu-button');
    await page.keyboard.press('Enter');
    assert.equal(await page.textContent('#column-menu-title'), 'Column city');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'menu-sort-asc');
    await page.keyboard.press('Escape');
    assert.equal(await page.isHidden('#column-menu'), true);
    assert.equal(await page.evaluate(() => document.activeElement.className), 'column-menu-button', 'focus goes back');
    await page.keyboard.press('Enter');
    assert.equal(await rerun(page, () => page.click('#menu-group')), 'done', await page.textContent('#error'));
    const spec = `${DEFAULT_SPEC} | group city aggregate count = count(), id_mean = mean(id), value_mean = mean(value), price_mean = mean(price)`;
    assert.equal(await page.inputValue('#pipeline'), spec);
    const result = cli(spec, MIXED);
    assertSameBytes((await download(page)).bytes, result, 'group city');
    assert.deepEqual(await texts(page, '#preview .column-sort'), ['city', 'count', 'id_mean', 'value_mean', 'price_mean']);
    assert.equal(await page.locator('#preview tbody tr').count(), 8);
    assert.equal(await page.textContent('#group-chart figcaption'), 'Rows per city (8 groups)');
    const lines = result.toString('utf8').trim().split('\n').slice(1);
    // The CLI's groups and counts, in its order, as the bars' labels and numbers.
    const want = lines.map((line) => /^("[^"]*"|[^,]*),(\d+),/.exec(line).slice(1, 3)).map(([c, n]) => [c.replaceAll('"', ''), Number(n).toLocaleString('en-US')]);
    assert.equal(want.length, 8);
    assert.deepEqual(await texts(page, '#group-chart .bar-label'), want.map(([city]) => city));
    assert.deepEqual(await texts(page, '#group-chart .bar-count'), want.map(([, n]) => n));
    const widths = await page.$$eval('#group-chart .bar-rect', (bars) => bars.map((b) => Number(b.getAttribute('width'))));
    assert.equal(Math.max(...widths), 440, 'the largest group fills the chart');
    await page.screenshot({ path: join(ARTIFACTS, 'page-group.png'), fullPage: true });
    await page.close();
  });

  test('a group past the memory limit says so, and a larger limit from the options runs it', async () => {
    const page = await dropped(MIXED);
    await page.click('#preview th:nth-child(1) .column-menu-button');
    assert.equal(await rerun(page, () => page.click('#menu-group')), 'error');
    assert.match(await page.textContent('#error'), /memory_limit: group: needs more memory than the memory limit of 64 MiB allows/);
    assert.equal(await rerun(page, () => page.selectOption('#opt-memory', '256MiB')), 'done', await page.textContent('#error'));
    const spec = `${DEFAULT_SPEC} | group id aggregate count = count(), value_mean = mean(value), price_mean = mean(price)`;
    assertSameBytes((await download(page)).bytes, cli(spec, MIXED), 'group id');
    assert.match(await page.textContent('#cli-command'), / --memory-limit 256MiB --input FILE\.csv$/);
    assert.match(await page.textContent('#python-call'), /, memory_limit="256MiB"\)$/);
    await page.close();
  });

  test('a column menu filters by a value, quoted in the spec language: the CLI\'s bytes', async () => {
    const page = await dropped(MIXED);
    await page.click('#preview th:nth-child(5) .column-menu-button');
    assert.equal(await page.inputValue('#menu-value'), 'London', 'the first row\'s value');
    await page.fill('#menu-value', 'New York, NY');
    assert.equal(await rerun(page, () => page.press('#menu-value', 'Enter')), 'done', await page.textContent('#error'));
    const spec = `${DEFAULT_SPEC} | where city = "New York, NY"`;
    assert.equal(await page.inputValue('#pipeline'), spec);
    assertSameBytes((await download(page)).bytes, cli(spec, MIXED), 'where city');
    assert.match(await page.textContent('#summary'), /Rows out23,245/);
    // A value holding quotes: the spec's text literal escapes them, and the CLI agrees.
    await page.click('#preview th:nth-child(6) .column-menu-button');
    await page.fill('#menu-value', 'say "hi"');
    assert.equal(await rerun(page, () => page.click('#menu-filter')), 'done', await page.textContent('#error'));
    const quoted = `${spec} | where note = "say \\"hi\\""`;
    assert.equal(await page.inputValue('#pipeline'), quoted);
    assertSameBytes((await download(page)).bytes, cli(quoted, MIXED), 'where note');
    assert.match(await page.textContent('#summary'), /Rows out2,835Skipped/, 'grep counts 2835 rows of New York with say "hi"');
    await page.close();
  });

  test('each output format downloads the CLI\'s --format bytes, named after the format', async () => {
    const page = await dropped(MIXED);
    const spec = `${DEFAULT_SPEC} | take 5000`;
    await page.fill('#pipeline', spec);
    assert.deepEqual(await page.$$eval('#opt-format option', (o) => o.map((x) => x.value)), ['csv', 'tsv', 'ndjson', 'json', 'arrow']);
    for (const format of ['tsv', 'ndjson', 'json', 'arrow', 'csv']) {
      assert.equal(await rerun(page, () => page.selectOption('#opt-format', format)), 'done', await page.textContent('#error'));
      const { bytes, name } = await download(page);
      assert.equal(name, `${basename(MIXED, '.csv')}.result.${format}`);
      assertSameBytes(bytes, cli(spec, MIXED, '--format', format), format);
      // The preview is the same rows whatever the download's format.
      assert.equal(await page.locator('#preview tbody tr').count(), 20, format);
      assert.equal(await page.textContent('#preview tbody tr:first-child td:first-child'), '1', format);
      assert.match(await page.textContent('#cli-command'), format === 'csv' ? /--input FILE\.csv$/ : new RegExp(`--format ${format} --input`));
      const formatArgument = format === 'csv' ? '' : `, format="${format}"`;
      assert.equal(await page.textContent('#python-call'), `csv_kernels.run("${spec}", "FILE.csv", delimiter=","${formatArgument})`);
    }
    await page.close();
  });

  test('the editor completes steps, functions and columns from the keyboard', async () => {
    const page = await dropped(SEMICOLON, 'error');
    await page.fill('#pipeline', '');
    await page.focus('#pipeline');
    await page.keyboard.type('so');
    assert.deepEqual(await texts(page, '#completions [role=option] span:first-child'), ['sort']);
    await page.keyboard.press('Enter');
    assert.equal(await page.inputValue('#pipeline'), 'sort ');
    await page.keyboard.type('no');
    assert.deepEqual(await texts(page, '#completions [role=option] span:first-child'), ['note']);
    await page.keyboard.press('Tab');
    await page.keyboard.type(' | derive n = le');
    assert.deepEqual(await texts(page, '#completions [role=option] span:first-child'), ['length(']);
    await page.keyboard.press('Escape');
    assert.equal(await page.isHidden('#completions'), true);
    await page.keyboard.type('ngth(note) | group id aggregate m = m');
    const offered = await texts(page, '#completions [role=option] span:first-child');
    assert.deepEqual(offered, ['month(', 'min(', 'max(', 'mean(', 'median(', 'mode(']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getAttribute('#pipeline', 'aria-activedescendant'), 'completion-3');
    await page.keyboard.press('Enter');
    await page.keyboard.type('value)');
    assert.equal(await page.inputValue('#pipeline'), 'sort note | derive n = length(note) | group id aggregate m = mean(value)');
    assert.match(await page.textContent('#spec-check'), /^✓ valid/);
    await page.close();
  });

  test('a spec error is underlined at its line and column, from the parser and from a run', async () => {
    const page = await dropped(SEMICOLON, 'error');
    await page.fill('#pipeline', 'select id\nderive x = lower(note');
    assert.match(await page.textContent('#spec-check'), /^line 2, column 22: /);
    assert.equal(await page.getAttribute('#pipeline', 'aria-invalid'), 'true');
    assert.equal(await page.textContent('#spec-marks'), '2 │ derive x = lower(note ');
    assert.equal(await page.textContent('#spec-marks mark'), ' ');
    await page.fill('#pipeline', 'select id, note\nselect nope');
    assert.match(await page.textContent('#spec-check'), /^✓ valid/);
    assert.equal(await page.isHidden('#spec-marks'), true);
    assert.equal(await rerun(page, () => page.click('#run')), 'error');
    assert.match(await page.textContent('#error'), /^Pipeline error at line 2, column 8/);
    assert.equal(await page.textContent('#spec-marks'), '2 │ select nope');
    assert.equal(await page.textContent('#spec-marks mark'), 'nope');
    await page.screenshot({ path: join(ARTIFACTS, 'page-spec-error.png'), fullPage: true });
    await page.close();
  });
}
