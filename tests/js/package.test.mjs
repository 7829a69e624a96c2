// The wasm-bindgen package (www/pkg, --target web) under Node through its real JS glue: every
// golden case, whole and streamed, plus the JS-facing contract (types, errors, options).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertRanEveryCase, loadCases, root } from './golden-cases.mjs';

const pkgDir = join(root, 'www', 'pkg');
const pkg = await import(join(pkgDir, 'csv_kernels_web.js'));
pkg.initSync({ module: readFileSync(join(pkgDir, 'csv_kernels_web_bg.wasm')) });
const encode = (text) => new TextEncoder().encode(text);
const decode = (bytes) => Buffer.from(bytes).toString('latin1');

function assertCsvError(error, { kind, line, column }) {
  assert.ok(error instanceof Error, `not an Error: ${error}`);
  assert.equal(error.name, 'CsvError');
  assert.deepEqual({ kind: error.kind, line: error.line, column: error.column }, { kind, line, column });
  const prefix = line > 0 ? `line ${line}, column ${column}: ${kind}: ` : `${kind}: `;
  assert.ok(error.message.startsWith(prefix), error.message);
}

function outcome(run) {
  try {
    return { value: run() };
  } catch (error) {
    return { error };
  }
}

function expectOutcome(testCase, got, expected) {
  if (testCase.expectedError) {
    assert.ok(got.error, `expected ${testCase.expectedError.kind}, got output`);
    assertCsvError(got.error, testCase.expectedError);
  } else {
    if (got.error) throw got.error;
    assert.equal(decode(got.value), decode(expected));
  }
}

function streamJob(testCase, size) {
  const job = new pkg.Job(testCase.pipeline, testCase.options);
  const parts = [];
  for (let at = 0; at < testCase.input.length && !job.isDone; at += size) {
    parts.push(job.push(testCase.input.subarray(at, at + size)));
  }
  parts.push(job.finish());
  const stats = job.stats;
  job.free();
  return { bytes: Buffer.concat(parts), stats };
}

// The package takes a join's second table by name (`tables`): it runs every case, no exclusion.
const ran = [];
for (const testCase of loadCases()) {
  test(`golden case ${testCase.name}`, () => {
    ran.push(testCase.name);
    if (testCase.pipeline !== null) {
      expectOutcome(testCase, outcome(() => pkg.run(testCase.pipeline, testCase.input, testCase.options)), testCase.expectedCsv);
      for (const size of [1, 7, 1 << 16]) {
        const got = outcome(() => streamJob(testCase, size));
        expectOutcome(testCase, got.error ? got : { value: got.value.bytes }, testCase.expectedCsv);
        if (!got.error && testCase.expectedStats) {
          const s = got.value.stats;
          const line = `rows_in=${s.rowsIn} rows_out=${s.rowsOut} rows_skipped=${s.rowsSkipped} cells_nulled=${s.cellsNulled}`;
          assert.equal(line, testCase.expectedStats);
        }
      }
    } else {
      const json = outcome(() => encode(pkg.profileJson(testCase.input, testCase.options) + '\n'));
      expectOutcome(testCase, json, encode(testCase.expectedJson ?? ''));
      const object = outcome(() => pkg.profile(testCase.input, testCase.options));
      if (testCase.expectedError) assertCsvError(object.error, testCase.expectedError);
      else assert.deepEqual(object.value, camelKeys(JSON.parse(testCase.expectedJson)));
    }
  });
}

test('the golden cases run are exactly the case folders in tests/cases', () => {
  assertRanEveryCase('wasm package in Node', ran);
});

/** The expected profile with camelCase keys (`top_values` -> `topValues`), values untouched. */
function camelKeys(value) {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([key, v]) => [key.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), camelKeys(v)]);
  return Object.fromEntries(entries);
}

test('the profile object has camelCase keys; column names and values stay as they are', () => {
  const profile = pkg.profile(encode('snake_name,other\nx_y,1\nx_y,2\n'));
  assert.deepEqual(Object.keys(profile), ['version', 'rows', 'rowsSkipped', 'columns']);
  assert.equal(profile.rowsSkipped, 0);
  const [text, number] = profile.columns;
  assert.equal(text.name, 'snake_name');
  assert.deepEqual(text.topValues, [{ value: 'x_y', count: 2 }]);
  assert.deepEqual([text.minLength, text.maxLength, number.minLength], [3, 3, 1]);
  assert.ok(!Object.keys(text).some((key) => key.includes('_')), Object.keys(text).join());
  // profileJson stays the CLI's JSON text, snake_case.
  assert.match(pkg.profileJson(encode('a\n1\n')), /^\{"version":2,"rows":1,"rows_skipped":0,/);
});

test('exports have the documented JS types', () => {
  const primes = pkg.firstN(5);
  assert.ok(primes instanceof Uint32Array);
  assert.deepEqual([...primes], [2, 3, 5, 7, 11]);
  assert.equal(pkg.digitFactorialSum('40585'), 40585);
  const out = pkg.run('select value', encode('id,value\n1,x\n'));
  assert.ok(out instanceof Uint8Array);
  assert.equal(decode(out), 'value\nx\n');
  const job = new pkg.Job('limit 1');
  assert.ok(job.push(encode('a\n1\n2\n')) instanceof Uint8Array);
  assert.equal(job.isDone, true);
  assert.ok(job.finish() instanceof Uint8Array);
  // The read stops at the line end of the row that fills the limit: 'a\n1\n' is read, '2\n' is not.
  assert.deepEqual(job.stats, { rowsIn: 1, rowsOut: 1, rowsSkipped: 0, cellsNulled: 0, bytesIn: 4, bytesOut: 4 });
  const profile = pkg.profile(encode('n\n1\n3\n'));
  assert.equal(Object.getPrototypeOf(profile), Object.prototype);
  assert.deepEqual(profile.columns[0].histogram, { start: 1, width: 1, counts: [1, 0, 1] });
  assert.deepEqual([profile.version, profile.columns[0].distinct, profile.columns[0].median], [2, 2, 2]);
});

test('errors are Errors with kind, line, column, record and byte', () => {
  const error = outcome(() => pkg.run('', encode('a,b\n1,2\n3\n'))).error;
  assertCsvError(error, { kind: 'ragged_row', line: 3, column: 2 });
  assert.equal(error.record, 3);
  assert.equal(error.byte, 8);
  assertCsvError(outcome(() => new pkg.Job('derive x = f(y)')).error, { kind: 'unknown_kernel', line: 1, column: 12 });
  assertCsvError(outcome(() => pkg.digitFactorialSum('-')).error, { kind: 'invalid_number', line: 0, column: 0 });
});

test('a failed push still hands over the rows completed before the bad one', () => {
  const job = new pkg.Job('derive d = digit_factorial_sum(value)');
  assert.equal(decode(job.push(encode('id,value\n1,145\n'))), 'id,value,d\n1,145,145\n');
  let thrown;
  try {
    job.push(encode('2,1\n3,x\n4,2\n'));
  } catch (error) {
    thrown = error;
  }
  assertCsvError(thrown, { kind: 'invalid_number', line: 4, column: 2 });
  assert.ok(thrown.output instanceof Uint8Array);
  assert.equal(decode(thrown.output), '2,1,1\n');
  assert.throws(() => job.finish(), (e) => e.kind === 'invalid_number' && decode(e.output) === '');
});

test('options: camelCase, snake_case and kebab-case names, JS booleans and numbers', () => {
  const csv = encode('a;b\n1;2\n');
  assert.equal(decode(pkg.run('', csv, { delimiter: ';', crlf: true })), 'a;b\r\n1;2\r\n');
  assert.equal(decode(pkg.run('select #2', csv, { delimiter: ';', header: false })), 'b\n2\n');
  for (const options of [{ onError: 'skip' }, { on_error: 'skip' }, { 'on-error': 'skip' }]) {
    assert.equal(decode(pkg.run('derive d = digit_factorial_sum(v)', encode('v\nx\n3\n'), options)), 'v,d\n3,6\n');
  }
  assertCsvError(outcome(() => pkg.run('', encode('a;b\n1;22\n'), { maxFieldBytes: 1, delimiter: ';' })).error, { kind: 'field_too_long', line: 2, column: 2 });
  for (const bad of [{ onError: 'ignore' }, { colour: 'red' }, { delimiter: [] }, { maxColumns: -1 }]) {
    assertCsvError(outcome(() => pkg.run('', csv, bad)).error, { kind: 'invalid_option', line: 0, column: 0 });
  }
  assert.equal(decode(pkg.run('', encode('a\n1\n'), { onError: undefined, delimiter: null })), 'a\n1\n');
});

test('a big input crosses the boundary once per chunk and matches run()', () => {
  const rows = ['id,value'];
  for (let i = 1; i <= 200_000; i++) rows.push(`${i},${(i * 7919) % 1_000_003}`);
  const input = encode(rows.join('\n') + '\n');
  const spec = 'derive digit_factorial_sum = digit_factorial_sum(value) | where digit_factorial_sum > 1000';
  const whole = pkg.run(spec, input);
  const job = new pkg.Job(spec);
  const parts = [];
  for (let at = 0; at < input.length; at += 65_536) parts.push(job.push(input.subarray(at, at + 65_536)));
  parts.push(job.finish());
  assert.ok(Buffer.concat(parts).equals(Buffer.from(whole)));
  assert.equal(job.stats.rowsIn, 200_000);
  // pushView: the same bytes, as views to copy at once (what the page's worker does).
  const viewing = new pkg.Job(spec);
  const copies = [];
  for (let at = 0; at < input.length; at += 65_536) copies.push(Buffer.from(viewing.pushView(input.subarray(at, at + 65_536))));
  copies.push(viewing.finish());
  assert.ok(Buffer.concat(copies).equals(Buffer.from(whole)));
});

test('sniff: the core\'s dialect guess as a plain camelCase object', () => {
  const { reason, ...dialect } = pkg.sniff(encode('id|name\n1|"a|b"\n2|c\n'));
  assert.deepEqual(dialect, { delimiter: '|', quote: '"', header: true, columns: 2, rows: 3, encoding: 'ascii', rowsEstimate: null });
  assert.match(reason, /^delimiter '\|': 3 of 3 rows have 2 fields; quote '"' \(1 quoted fields\); /);
  const tabs = pkg.sniff(encode('1\t2\n3\t4\n'));
  assert.deepEqual([tabs.delimiter, tabs.quote, tabs.columns], ['\t', null, 2]);
  assert.deepEqual(pkg.sniff(new Uint8Array()), {
    delimiter: ',', quote: null, header: true, columns: 0, rows: 0, reason: 'empty input: the defaults',
    encoding: 'ascii', rowsEstimate: null,
  });
  // Given the whole input's size, the data rows it holds; the encoding of the first bytes.
  const head = pkg.sniff(encode('id;city\n1;Zürich\n2;Lima\n'), 25);
  assert.deepEqual([head.encoding, head.rowsEstimate], ['utf-8', 2]);
  // Its delimiter, quote and header are options as they are.
  const { delimiter, quote, header } = pkg.sniff(encode('a;b\n1;2\n'));
  assert.equal(decode(pkg.run('select b', encode('a;b\n1;2\n'), { delimiter, quote, header })), 'b\n2\n');
  // Or a run sniffs for itself, whole or streamed.
  assert.equal(decode(pkg.run('select b', encode('a;b\n1;2\n'), { sniff: true })), 'b\n2\n');
  const job = new pkg.Job('select #1', { sniff: 'dialect', header: false });
  assert.equal(decode(Buffer.concat([job.push(encode('x;y\n1;2\n')), job.finish()])), 'x\n1\n');
});

test('registry: steps, functions and aggregates from the core', () => {
  const registry = pkg.registry();
  const names = (list) => list.map((item) => item.name);
  assert.deepEqual(
    names(registry.steps.filter((step) => !step.streaming)),
    ['sort', 'group', 'aggregate', 'distinct', 'top'],
  );
  assert.deepEqual(registry.steps.find((step) => step.name === 'take').aliases, ['limit']);
  const round = registry.functions.find((f) => f.name === 'round');
  assert.equal(round.minArgs, 1);
  assert.equal(round.maxArgs, 2);
  assert.equal(round.params[1].optional, true);
  assert.equal(registry.functions.find((f) => f.name === 'coalesce').maxArgs, null);
  assert.equal(
    registry.functions.find((f) => f.name === 'lower').signature,
    'lower(x: text) -> text',
  );
  for (const f of ['digit_factorial_sum', 'is_prime', 'date_diff', 'split_part']) assert.ok(names(registry.functions).includes(f), f);
  assert.ok(names(registry.aggregates).includes('median'));
  assert.deepEqual(registry.types, ['int', 'float', 'text', 'bool', 'date', 'datetime']);
  assert.deepEqual(registry.formats, ['csv', 'tsv', 'ndjson', 'json', 'arrow']);
  assert.ok(registry.options.includes('format'));
});

test('format: json and ndjson through the options object, in run and in Job', () => {
  const csv = encode('id,x\n1,7\n2,\n');
  assert.equal(decode(pkg.run('select id, x / 2 as half', csv, { format: 'json' })), '[\n{"id":"1","half":3.5},\n{"id":"2","half":null}\n]\n');
  const job = new pkg.Job('derive big = x > 5', { format: 'ndjson' });
  const out = decode(Buffer.concat([job.push(csv), job.finish()]));
  assert.equal(out, '{"id":"1","x":"7","big":true}\n{"id":"2","x":null,"big":false}\n');
  assert.equal(decode(pkg.run('', encode('a,b\n1,"x\ty"\n'), { format: 'tsv' })), 'a\tb\n1\t"x\ty"\n');
  assertCsvError(outcome(() => pkg.run('', csv, { format: 'xml' })).error, { kind: 'invalid_option', line: 0, column: 0 });
});

test('format: arrow is an Arrow IPC stream that apache-arrow reads, typed by the pipeline', async () => {
  const { tableFromIPC } = await import('apache-arrow');
  const csv = encode('id,value,day\n1,1,2024-01-31\n2,,\n3,5,1999-12-31T23:59:58\n');
  const spec = 'derive n = int(value) * 2, half = float(value) / 2, big = int(value) > 3, d = date(day), t = datetime(day)';
  const ipc = pkg.run(spec, csv, { format: 'arrow' });
  assert.ok(ipc instanceof Uint8Array);
  const table = tableFromIPC(ipc);
  assert.deepEqual(table.schema.fields.map((f) => `${f.name}: ${f.type}`), [
    'id: Utf8', 'value: Utf8', 'day: Utf8', 'n: Int64', 'half: Float64', 'big: Bool',
    'd: Date32<DAY>', 't: Timestamp<MICROSECOND>',
  ]);
  assert.equal(table.numRows, 3);
  assert.deepEqual(table.getChild('id').toArray(), ['1', '2', '3']);
  assert.deepEqual([...table.getChild('n')], [2n, null, 10n]);
  assert.deepEqual([...table.getChild('half')], [0.5, null, 2.5]);
  assert.deepEqual([...table.getChild('big')], [false, false, true]);
  assert.deepEqual([...table.getChild('value')], ['1', null, '5']);
  assert.deepEqual([...table.getChild('d')].map((v) => v && new Date(v).toISOString()), ['2024-01-31T00:00:00.000Z', null, '1999-12-31T00:00:00.000Z']);
  // apache-arrow gives timestamps as epoch milliseconds whatever the stored unit (µs, above).
  assert.deepEqual([...table.getChild('t')].map((v) => v === null ? null : Number(v)), [1706659200000, null, 946684798000]);
  // A Job streams the same bytes chunk by chunk.
  const job = new pkg.Job(spec, { format: 'arrow' });
  const streamed = Buffer.concat([job.push(csv.subarray(0, 20)), job.push(csv.subarray(20)), job.finish()]);
  assert.deepEqual(new Uint8Array(streamed), ipc);
});

test('errors carry the core\'s verdicts: isSpecError, isRowError', () => {
  const verdicts = (spec, input) => {
    const { isSpecError, isRowError } = outcome(() => pkg.run(spec, encode(input))).error;
    return { isSpecError, isRowError };
  };
  assert.deepEqual(verdicts('derive x = nope(a)', 'a\n1\n'), { isSpecError: true, isRowError: false });
  assert.deepEqual(verdicts('where a >', 'a\n1\n'), { isSpecError: true, isRowError: false });
  assert.deepEqual(verdicts('', 'a,b\n1\n'), { isSpecError: false, isRowError: true });
  assert.deepEqual(verdicts('', 'a\n"1\n'), { isSpecError: false, isRowError: false });
});
