// POST /run: streams the request body through one core Job and streams the output back.
//
// Status codes must be decided before the first response byte, yet the job is streamed. The
// choice: hold the output until the first COMMIT_BYTES of input (default 1 MiB) are processed,
// or the whole body if it is smaller. Bad pipelines, options and any CSV error in that window
// get an exact 400 (an over-limit body 413); small requests, the common case, therefore always
// get a truthful status and a Content-Length. After the window the response is a stream.
// A later error cannot change the status, and workerd ends an errored response stream with a
// clean chunked terminator (cloudflare/workerd#6818), so aborting would look like success.
// The failure is therefore written in-band as the body's last line, after a fixed prefix:
//   # csv-kernels error: {"kind":"ragged_row","line":600002,"column":3,"message":"..."}
import { Job, profileJson } from './pkg/csv_kernels_web.js';

const MiB = 1 << 20;
/** Starts the in-band error line of a response that failed after its status was sent. */
export const STREAM_ERROR_PREFIX = '# csv-kernels error: ';
const BATCH_BYTES = 64 << 10;
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
  return text != null && text !== '' && Number.isSafeInteger(n) && n >= 0 ? n : fallback;
}

export function errorResponse(status, kind, message, line = 0, column = 0) {
  return Response.json({ error: { kind, line, column, message } }, { status });
}

class BodyTooLarge extends Error {
  constructor(limit) {
    super(`the body is over the limit of ${limit} bytes`);
  }
}

/** A thrown value as [status, error object]: core errors (they carry a `kind`) are the client's. */
function describe(error) {
  if (error instanceof BodyTooLarge) {
    return [413, { kind: 'body_too_large', line: 0, column: 0, message: error.message }];
  }
  if (typeof error?.kind === 'string') {
    const { kind, line, column, message } = error;
    return [400, { kind, line, column, message }];
  }
  return [500, { kind: 'internal', line: 0, column: 0, message: String(error?.message ?? error) }];
}

function failureResponse(error) {
  const [status, described] = describe(error);
  return Response.json({ error: described }, { status });
}

function streamErrorLine(error) {
  return new TextEncoder().encode(`${STREAM_ERROR_PREFIX}${JSON.stringify(describe(error)[1])}\n`);
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
    /** At least `minBytes` (fewer only at the end), or null at the end. workerd hands the body
     * over in ~4 KiB pieces; batching them makes one wasm call and one response chunk per
     * 64 KiB instead of per 4 KiB, which halves the Worker's time on large bodies. */
    async batch(minBytes) {
      const parts = [];
      let size = 0;
      while (size < minBytes) {
        const chunk = await this.next();
        if (chunk === null) break;
        parts.push(chunk);
        size += chunk.byteLength;
      }
      if (parts.length === 0) return null;
      return parts.length === 1 ? parts[0] : concat(parts);
    },
    /** Reads and drops the rest: a server that answers and stops reading mid-upload gets its
     * connection reset, and the client loses the answer (a 400, a 413, a `limit` result).
     * Gives up past twice the limit, so an endless upload is still cut off. Never throws. */
    async drain() {
      try {
        while (reader && received <= 2 * maxBodyBytes) {
          const { done, value } = await reader.read();
          if (done) return;
          received += value.byteLength;
        }
      } catch {
        // The client went away: nothing left to protect.
      }
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

function declaredTooLarge(request, limits) {
  const declared = request.headers.get('content-length');
  return declared !== null && Number(declared) > limits.maxBodyBytes;
}

/**
 * POST /profile: the column profile as JSON, byte for byte what `csv-kernels profile` prints.
 * A profile is only known at the end, so the body is read whole (within MAX_BODY_BYTES).
 */
export async function runProfile(request, url, limits) {
  if (declaredTooLarge(request, limits)) return failureResponse(new BodyTooLarge(limits.maxBodyBytes));
  const body = bodySource(request, limits.maxBodyBytes);
  try {
    const parts = [];
    for (let chunk; (chunk = await body.next()) !== null; ) parts.push(chunk);
    const json = profileJson(concat(parts), optionsOf(url));
    return new Response(`${json}\n`, { headers: { 'content-type': 'application/json' } });
  } catch (error) {
    await body.drain();
    body.cancel();
    return failureResponse(error);
  }
}

export async function runJob(request, url, limits) {
  if (declaredTooLarge(request, limits)) return failureResponse(new BodyTooLarge(limits.maxBodyBytes));
  const body = bodySource(request, limits.maxBodyBytes);
  let job;
  const release = () => {
    body.cancel();
    job?.free();
    job = undefined;
  };
  // A refusal still reads the upload to its end, so the client sees it.
  const refuse = async (error) => {
    await body.drain();
    release();
    return failureResponse(error);
  };

  const pipeline = pipelineOf(request, url);
  if (pipeline === null) {
    const error = Object.assign(new Error('give the pipeline as ?pipeline=SPEC or an x-pipeline header'), {
      kind: 'missing_pipeline', line: 0, column: 0,
    });
    return refuse(error);
  }
  try {
    job = new Job(pipeline, optionsOf(url));
  } catch (error) {
    return refuse(error);
  }

  // Returns the next output bytes, or null once the job has finished (end of input or limit).
  const step = async () => {
    if (job.isDone) {
      await body.drain(); // a `limit` was reached: the rest of the input is not parsed
      return null;
    }
    const chunk = await body.batch(BATCH_BYTES);
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
    return refuse(error);
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
        // The rows completed before the bad one (error.output) come first, so the body is
        // exactly the CLI's stdout followed by the error line.
        if (error.output?.byteLength) controller.enqueue(error.output);
        controller.enqueue(streamErrorLine(error));
        await body.drain();
        release();
        controller.close();
      }
    },
    cancel() {
      release();
    },
  });
  return new Response(stream, { headers: CSV_HEADERS });
}
