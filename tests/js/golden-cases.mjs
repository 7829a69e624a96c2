// Reads the golden cases in tests/cases (format: tests/cases/README.md): the one loader of
// the JS suites (tests/js and, through tests/edge/cases.mjs, the edge suites).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname;
export const casesDir = join(root, 'tests', 'cases');

export function loadCases() {
  return readdirSync(casesDir)
    .filter((name) => statSync(join(casesDir, name)).isDirectory())
    .sort()
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
