// The Web Worker that does all the processing: it streams a File's chunks through the wasm
// Job (and Profiler), so a file of any size is read in constant memory and the page never
// freezes. The result goes into Blob parts, which the browser may keep outside the JS heap.
import init, { Job, Profiler, parseRows } from './pkg/csv_kernels_web.js';
import { sampleFile } from './sample.js';

const ready = init();
const PREVIEW_ROWS = 21; // header + 20 rows
const PREVIEW_BYTES = 256 * 1024;
const BLOB_PART_BYTES = 8 * 1024 * 1024;
const PROGRESS_EVERY_MS = 100;

self.onmessage = async ({ data }) => {
  await ready;
  try {
    if (data.type === 'inspect') self.postMessage({ type: 'columns', columns: await header(data.file, data.options) });
    else if (data.type === 'sample') self.postMessage({ type: 'sample', file: sampleFile(data.rows) });
    else if (data.type === 'process') await processFile(data);
  } catch (error) {
    self.postMessage({ type: 'error', stage: data.type, error: plainError(error) });
  }
};

/** The column names: the first record of the file's first bytes, read by the core. */
async function header(file, options) {
  const head = new Uint8Array(await file.slice(0, 1024 * 1024).arrayBuffer());
  const rows = parseRows(head, 1, options, head.byteLength < file.size);
  return rows[0] ?? [];
}

async function processFile({ file, pipeline, options, withProfile }) {
  const job = new Job(pipeline, options);
  const profiler = withProfile ? new Profiler(options) : null;
  const output = new OutputCollector();
  const started = performance.now();
  let bytesRead = 0;
  let lastReport = 0;
  let profileError = null;
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytesRead += value.byteLength;
    output.add(job.push(value));
    if (profiler && !profileError) {
      try {
        profiler.push(value);
      } catch (error) {
        profileError = plainError(error);
      }
    }
    if (job.isDone && (!profiler || profileError)) {
      await reader.cancel(); // a `limit` was reached and nothing else needs the rest
      break;
    }
    const now = performance.now();
    if (now - lastReport >= PROGRESS_EVERY_MS) {
      lastReport = now;
      self.postMessage({ type: 'progress', bytesRead, size: file.size, rows: job.stats.rowsIn, seconds: (now - started) / 1000 });
    }
  }
  output.add(job.finish());
  let profile = null;
  if (profiler && !profileError) {
    try {
      profile = profiler.finish();
    } catch (error) {
      profileError = plainError(error);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  self.postMessage({
    type: 'done',
    name: file.name,
    size: file.size,
    seconds,
    stats: job.stats,
    pipeline: job.pipeline,
    blob: output.blob(),
    preview: parseRows(output.head(), PREVIEW_ROWS, { ...options, header: true }, !output.headIsWhole()),
    profile,
    profileError,
  });
  job.free();
  profiler?.free();
}

/** Collects output chunks: the first bytes for the preview, the rest as Blob parts. */
class OutputCollector {
  constructor() {
    this.parts = [];
    this.pending = [];
    this.pendingBytes = 0;
    this.headChunks = [];
    this.headBytes = 0;
    this.total = 0;
  }

  add(chunk) {
    if (chunk.byteLength === 0) return;
    this.total += chunk.byteLength;
    if (this.headBytes < PREVIEW_BYTES) {
      this.headChunks.push(chunk);
      this.headBytes += chunk.byteLength;
    }
    this.pending.push(chunk);
    this.pendingBytes += chunk.byteLength;
    if (this.pendingBytes >= BLOB_PART_BYTES) {
      // Hand the bytes to the browser's blob store now, so the JS heap stays small.
      this.parts.push(new Blob(this.pending));
      this.pending = [];
      this.pendingBytes = 0;
    }
  }

  head() {
    const head = new Uint8Array(this.headBytes);
    let at = 0;
    for (const chunk of this.headChunks) {
      head.set(chunk, at);
      at += chunk.byteLength;
    }
    return head;
  }

  headIsWhole() {
    return this.headBytes === this.total;
  }

  blob() {
    return new Blob([...this.parts, ...this.pending], { type: 'text/csv' });
  }
}

/** Errors cross postMessage as plain data: structured clone would drop `line` and `kind`. */
function plainError(error) {
  return {
    message: String(error?.message ?? error),
    kind: error?.kind ?? 'internal',
    line: error?.line ?? 0,
    column: error?.column ?? 0,
    record: error?.record ?? 0,
  };
}
