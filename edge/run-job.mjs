// POST /run: streams the request body through one core Job and streams the output back.
//
// Status codes must be decided before the first response byte, yet the job is streamed. The
// choice: hold the output until the first COMMIT_BYTES of input (default 1 MiB) are processed,
// or the whole body if it is smaller. Bad pipelines, options and any CSV error in that window
// get an exact 400 (and an over-limit body 413); small requests, the common case, therefore
// always get a truthful status and a Content-Length. After the window the response is a
// stream: a later error aborts it (the chunked body never terminates), which HTTP clients
// report as a failed transfer, never as a clean but truncated CSV.
import { Job } from './pkg/csv_kernels_web.js';

const MiB = 1 << 20;
const CSV_HEADERS = { 'content-type': 'text/csv; charset=utf-8' };

/** Limits from the Worker's environment (text bindings / wrangler vars), with defaults. */
export function limitsFrom(env) {
  return {
    maxBodyBytes: wholeNumber(env.MAX_BODY_BYTES, 64 * MiB),
    commitBytes: wholeNumber(env.COMMIT_BYTES, MiB),
  };
}

function wholeNumber(text, fallback) {
  const n = Number(text);
  return text != null && text !== "" && Number.isSafeInteger(n) && n >= 0 ? n : fallback;
}

export function errorResponse(status, kind, message, line = 0, column = 0) {
  return Response.json({ error: { kind, line, column, message } }, { status });
}

class BodyTooLarge extends Error {
  constructor(limit) {
    super(`the body is over the limit of ${limit} bytes`);
  }
}

/** A thrown value as an HTTP error: core errors (they carry a `kind`) are the client's fault. */
function failureResponse(error) {
  if (error instanceof BodyTooLarge) return errorResponse(413, 'body_too_large', error.message);
  if (typeof error?.kind === 'string') {
    return errorResponse(400, error.kind, error.message, error.line, error.column);
  }
  return errorResponse(500, 'internal', String(error?.message ?? error));
}

/** The pipeline from `?pipeline=` or else the `x-pipeline` header. */
function pipelineOf(request, url) {
  const fromQuery = url.searchParams.get('pipeline');
  if (fromQuery !== null) return fromQuery;
  const header = request.headers.get('x-pipeline');
  return header === null ? null : utf8Header(header);
}

/** Header values reach JS one character per byte; a pipeline is UTF-8 text. */
function utf8Header(value) {
  if (!/[\u0080-\u00ff]/.test(value) || /[^\u0000-\u00ff]/.test(value)) return value;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(value, (c) => c.charCodeAt(0)));
  } catch {
    return value;
  }
}

/** Every query parameter but `pipeline` is an option, checked by the core's one parser. */
function optionsOf(url) {
  const options = {};
  for (const [name, value] of url.searchParams) if (name !== 'pipeline') options[name] = value;
  return options;
}

/** Reads the body chunk by chunk, counting bytes against the limit. */
function bodySource(request, maxBodyBytes) {
  const reader = request.body?.getReader();
  let received = 0;
  return {
    get received() {
      return received;
    },
    async next() {
      if (!reader) return null;
      const { done, value } = await reader.read();
      if (done) return null;
      received += value.byteLength;
      if (received > maxBodyBytes) throw new BodyTooLarge(maxBodyBytes);
      return value;
    },
    cancel() {
      reader?.cancel().catch(() => {});
    },
  };
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

export async function runJob(request, url, limits) {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limits.maxBodyBytes) {
    return failureResponse(new BodyTooLarge(limits.maxBodyBytes));
  }
  const pipeline = pipelineOf(request, url);
  if (pipeline === null) {
    return errorResponse(400, 'missing_pipeline', 'give the pipeline as ?pipeline=SPEC or an x-pipeline header');
  }
  let job;
  try {
    job = new Job(pipeline, optionsOf(url));
  } catch (error) {
    return failureResponse(error);
  }
  const body = bodySource(request, limits.maxBodyBytes);
  const release = () => {
    body.cancel();
    job?.free();
    job = undefined;
  };

  // Returns the next output bytes, or null once the job has finished (end of input or limit).
  const step = async () => {
    if (job.isDone) {
      body.cancel(); // a `limit` was reached: the rest of the body is not needed
      return null;
    }
    const chunk = await body.next();
    return chunk === null ? null : job.push(chunk);
  };

  const held = [];
  try {
    for (;;) {
      const out = await step();
      if (out === null) {
        held.push(job.finish());
        release();
        return new Response(concat(held), { headers: CSV_HEADERS });
      }
      held.push(out);
      if (body.received >= limits.commitBytes) break;
    }
  } catch (error) {
    release();
    return failureResponse(error);
  }

  // Committed to 200: stream the rest, one input chunk per pull (backpressure from the client).
  const stream = new ReadableStream({
    start(controller) {
      for (const out of held) if (out.byteLength) controller.enqueue(out);
      held.length = 0;
    },
    async pull(controller) {
      try {
        for (;;) {
          const out = await step();
          if (out === null) {
            const last = job.finish();
            if (last.byteLength) controller.enqueue(last);
            release();
            controller.close();
            return;
          }
          if (out.byteLength) {
            controller.enqueue(out);
            return;
          }
        }
      } catch (error) {
        release();
        controller.error(error);
      }
    },
    cancel() {
      release();
    },
  });
  return new Response(stream, { headers: CSV_HEADERS });
}
