// The Cloudflare Worker door (module syntax): HTTP in, the browser door's wasm-bindgen package
// (built into edge/pkg by scripts/build-edge.sh) does the work. Only routing, limits and the
// mapping of errors to statuses live here; every CSV decision is the core's.
import wasmModule from './pkg/csv_kernels_web_bg.wasm';
import { initSync } from './pkg/csv_kernels_web.js';
import { runJob, runProfile, limitsFrom, errorResponse } from './run-job.mjs';

// Instantiated once per isolate, synchronously: the module is already compiled by the runtime.
initSync({ module: wasmModule });

const USAGE = `csv-kernels at the edge: CSV data kernels, the same bytes as the CLI

POST /run?pipeline=SPEC[&OPTION=VALUE...]   body: CSV   ->   200 text/csv
  The pipeline may instead come in the x-pipeline header (UTF-8). Options are the CLI's:
  delimiter, quote, header, crlf, on_error (fail|skip|null), max_field_bytes,
  max_record_bytes, max_columns (snake_case, camelCase or kebab-case).
  e.g. curl --data-binary @in.csv 'http://HOST/run?pipeline=derive%20d%20%3D%20digit_factorial_sum(value)'

POST /profile[?OPTION=VALUE...]             body: CSV   ->   200 application/json
  The column profile, as \`csv-kernels profile\` prints it (the body is read whole).

Errors are JSON: {"error":{"kind","line","column","message"}}
  400  bad pipeline, option or CSV (found within the first COMMIT_BYTES of input;
       later, the 200 response is aborted mid-body: treat an incomplete body as a failure)
  413  body over MAX_BODY_BYTES        405  wrong method        404  unknown path
`;

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/') {
      if (request.method !== 'GET' && request.method !== 'HEAD') return notAllowed('GET, HEAD');
      return new Response(USAGE, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    if (url.pathname === '/run') {
      if (request.method !== 'POST') return notAllowed('POST');
      return runJob(request, url, limitsFrom(env));
    }
    if (url.pathname === '/profile') {
      if (request.method !== 'POST') return notAllowed('POST');
      return runProfile(request, url, limitsFrom(env));
    }
    return errorResponse(404, 'not_found', `no route ${url.pathname}: see GET /`);
  },
};

function notAllowed(allow) {
  const response = errorResponse(405, 'method_not_allowed', `use ${allow}`);
  response.headers.set('allow', allow);
  return response;
}
