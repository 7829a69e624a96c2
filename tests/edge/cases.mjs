// The golden cases (tests/cases, read by tests/js/golden-cases.mjs) for the edge suites,
// and turns a case into the CLI arguments or the Worker query the README prescribes.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCases as loadGoldenCases } from '../js/golden-cases.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Every case, sorted by name (the order the Rust runner uses), in the shape the edge suites
 * use: options as [name, value] pairs in file order, `pipeline` undefined for a profile case,
 * `output` the expected bytes (CSV or profile JSON) unless an `error` is expected.
 */
export function loadCases() {
  // An HTTP request carries one CSV body, so the edge has no second input for a join.
  return loadGoldenCases().filter((c) => !c.options.tables).map((c) => ({
    name: c.name,
    input: Buffer.from(c.input),
    pipeline: c.pipeline ?? undefined,
    options: Object.entries(c.options),
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
