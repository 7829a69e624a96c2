// Reads the golden cases in tests/cases (format: tests/cases/README.md): the one loader of
// the JS suites (tests/js and, through tests/edge/cases.mjs, the edge suites), and the check
// that a door ran every one of them.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname;
export const casesDir = join(root, 'tests', 'cases');

/** The names of the case folders in tests/cases, sorted: what every door runs. */
export function caseFolders() {
  return readdirSync(casesDir)
    .filter((name) => statSync(join(casesDir, name)).isDirectory())
    .sort();
}

/**
 * Fails unless `ran` (the names of the cases a door ran) is exactly the case folders present
 * less `excluded`, the door's documented exclusions: `{ name: reason }`, each name a case
 * folder and each with a reason. A case left out by accident, run twice, or excluded without
 * existing or without a reason fails the suite; so does an empty tests/cases.
 */
export function assertRanEveryCase(door, ran, excluded = {}) {
  const folders = caseFolders();
  assert.ok(folders.length > 0, `${door}: no case folders in ${casesDir}`);
  for (const [name, reason] of Object.entries(excluded)) {
    assert.ok(folders.includes(name), `${door}: excludes ${name}, which is not a case folder`);
    assert.ok(typeof reason === 'string' && reason.trim(), `${door}: excludes ${name} without a reason`);
  }
  const twice = ran.filter((name, i) => ran.indexOf(name) !== i);
  assert.deepEqual(twice, [], `${door}: cases run more than once`);
  const want = folders.filter((name) => !Object.hasOwn(excluded, name));
  const missing = want.filter((name) => !ran.includes(name));
  const extra = ran.filter((name) => !want.includes(name));
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `${door}: not exactly the case folders less its exclusions`);
  assert.equal(ran.length, folders.length - Object.keys(excluded).length);
}

export function loadCases() {
  return caseFolders()
    .map((name) => {
      const dir = join(casesDir, name);
      const read = (file) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file)) : null);
      const text = (file) => read(file)?.toString('utf8') ?? null;
      const options = {};
      for (const line of (text('options.txt') ?? '').split('\n')) {
        if (!line.trim() || line.startsWith('#')) continue;
        const at = line.indexOf('=');
        if (at < 0) throw new Error(`${name}: options.txt line is not name=value: ${line}`);
        options[line.slice(0, at).trim()] = line.slice(at + 1).trim();
      }
      // Every other *.csv file is the second input of a join, named by its file name.
      const tables = readdirSync(dir).filter((f) => f.endsWith('.csv') && f !== 'input.csv' && f !== 'expected.csv').sort();
      if (tables.length) options.tables = Object.fromEntries(tables.map((f) => [f, new Uint8Array(read(f))]));
      const error = text('expected-error.txt')?.trim().split(/\s+/);
      if (error && error.length !== 3) throw new Error(`${name}: expected-error.txt is not KIND LINE COLUMN`);
      return {
        name,
        dir,
        input: new Uint8Array(read('input.csv')),
        pipeline: text('pipeline.txt'),
        options,
        expectedCsv: read('expected.csv'),
        expectedJson: text('expected.json'),
        expectedError: error ? { kind: error[0], line: Number(error[1]), column: Number(error[2]) } : null,
        expectedStats: text('expected-stats.txt')?.trim() ?? null,
      };
    });
}
