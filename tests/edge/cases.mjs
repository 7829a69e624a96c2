// Loads the golden cases in tests/cases (format: tests/cases/README.md) for the edge suites,
// and turns a case into the CLI arguments or the Worker query the README prescribes.
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CASES_DIR = join(ROOT, 'tests/cases');

function optionalText(dir, name) {
  const path = join(dir, name);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function parseOptions(text) {
  return (text ?? '')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      if (at < 0) throw new Error(`options.txt line is not key=value: ${line}`);
      return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
    });
}

function parseExpectedError(text) {
  const [kind, line, column, ...rest] = text.trim().split(/\s+/);
  if (rest.length || column === undefined) throw new Error(`bad expected-error.txt: ${text}`);
  return { kind, line: Number(line), column: Number(column) };
}

function loadCase(name) {
  const dir = join(CASES_DIR, name);
  const pipeline = optionalText(dir, 'pipeline.txt');
  const errorText = optionalText(dir, 'expected-error.txt');
  const outputFile = pipeline === undefined ? 'expected.json' : 'expected.csv';
  return {
    name,
    input: readFileSync(join(dir, 'input.csv')),
    pipeline, // undefined: a profile case
    options: parseOptions(optionalText(dir, 'options.txt')),
    error: errorText === undefined ? undefined : parseExpectedError(errorText),
    output: errorText === undefined ? readFileSync(join(dir, outputFile)) : undefined,
    stats: optionalText(dir, 'expected-stats.txt')?.trim(),
  };
}

/** Every case, sorted by name (the order the Rust runner uses). */
export function loadCases() {
  return readdirSync(CASES_DIR)
    .filter((name) => statSync(join(CASES_DIR, name)).isDirectory())
    .sort()
    .map(loadCase);
}

/** The CLI arguments for a case: `header=false` is --no-header, `crlf=true` is --crlf. */
export function cliArgs(testCase) {
  const args = testCase.pipeline === undefined ? ['profile'] : ['run', testCase.pipeline];
  for (const [key, value] of testCase.options) {
    if (key === 'header' && value === 'false') args.push('--no-header');
    else if (key === 'crlf' && value === 'true') args.push('--crlf');
    else args.push(`--${key.replaceAll('_', '-')}`, value);
  }
  return args;
}

/** The stderr line the CLI prints after a skip or null run (from expected-stats.txt). */
export function statsMessage(stats) {
  const [rowsIn, rowsOut, skipped, nulled] = stats.split(/\s+/).map((kv) => kv.split('=')[1]);
  return `csv-kernels: ${rowsIn} rows in, ${rowsOut} out, ${skipped} skipped, ${nulled} cells nulled\n`;
}

/** A request body as a stream of `chunkSize` pieces: sent chunked, without Content-Length. */
export function streamOf(bytes, chunkSize = 64 << 10) {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + chunkSize));
      at += chunkSize;
    },
  });
}

/** undici's "fetch failed" hides the reason in `cause`: keep it in the message. */
export function withCause(error) {
  throw new Error(`${error.message}: ${error.cause?.code ?? ''} ${error.cause?.message ?? ''}`);
}
