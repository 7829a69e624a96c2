// The golden cases (tests/cases, read by tests/js/golden-cases.mjs) for the edge suites, the
// cases each edge door leaves out (by name, with the reason), and turns a case into the CLI
// arguments or the Worker query the README prescribes.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCases as loadGoldenCases } from '../js/golden-cases.mjs';

export { assertRanEveryCase } from '../js/golden-cases.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Why the HTTP doors leave out a join case. */
const ONE_BODY = 'its join reads a second table (a file beside input.csv); an HTTP request carries one CSV body';

/**
 * The cases the HTTP doors (the Worker in workerd, the component under `wasmtime serve`) leave
 * out, by name: the join cases (tests/cases/README.md). The WASI command runs them (it reads
 * the table through a preopened folder) and leaves out nothing.
 */
export const HTTP_EXCLUDED = Object.freeze(Object.fromEntries([
  'error-join-over-memory-limit',
  'error-join-unknown-right-column',
  'error-ragged-second-input',
  'join-after-filter-select',
  'join-inner',
  'join-left',
  'join-name-clash-suffixed',
  'join-null-key-matches-nothing',
  'join-other-key-name',
  'join-path-with-folder-chars',
  'join-quoted-cells',
  'join-sniffs-second-input',
  'join-then-group',
].map((name) => [name, ONE_BODY])));

/**
 * Every case but the `excluded` ones (`{ name: reason }`), sorted by name (the order the Rust
 * runner uses), in the shape the edge suites use: options as [name, value] pairs in file
 * order, `pipeline` undefined for a profile case, `output` the expected bytes (CSV or profile
 * JSON) unless an `error` is expected, `tables` the names of a join's second inputs (files in
 * the case's folder `dir`; empty for most cases).
 */
export function loadCases(excluded = {}) {
  return loadGoldenCases().filter((c) => !Object.hasOwn(excluded, c.name)).map((c) => ({
    name: c.name,
    dir: c.dir,
    tables: Object.keys(c.options.tables ?? {}),
    input: Buffer.from(c.input),
    pipeline: c.pipeline ?? undefined,
    // A join's tables are files in the case's folder, named by the pipeline: not options.
    options: Object.entries(c.options).filter(([name]) => name !== 'tables'),
    error: c.expectedError ?? undefined,
    output: c.expectedError ? undefined : c.pipeline === null ? Buffer.from(c.expectedJson, 'utf8') : c.expectedCsv,
    stats: c.expectedStats ?? undefined,
  }));
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
