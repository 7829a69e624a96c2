// The Web Workers that do all the processing: one streams a File's chunks through the wasm
// Job, another (same script) through the Profiler, in parallel, so a file of any size is read
// in constant memory and the page never freezes. The result is written, as it is produced, to
// a file in the Origin Private File System, so memory does not grow with the result whatever
// its size (Blob parts in memory where OPFS is missing).
import init, { Job, Profiler, parseRows } from './pkg/csv_kernels_web.js';
import { sampleFile } from './sample.js';

const ready = init(); // resolves to the wasm exports, whose memory size is reported at the end
const PREVIEW_ROWS = 21; // header + 20 rows
const PREVIEW_BYTES = 256 * 1024;
const STAGING_BYTES = 8 * 1024 * 1024;
const READ_BYTES = 1024 * 1024;
const PROGRESS_EVERY_MS = 100;

self.onmessage = async ({ data }) => {
  await ready;
  try {
    if (data.type === 'inspect') self.postMessage({ type: 'columns', columns: await header(data.file, data.options) });
    else if (data.type === 'sample') self.postMessage({ type: 'sample', file: sampleFile(data.rows) });
    else if (data.type === 'process') await processFile(data);
    else if (data.type === 'profile') await profileFile(data);
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

async function processFile({ file, pipeline, options }) {
  const job = new Job(pipeline, options);
  const sink = await openSink();
  try {
    await streamJob(file, job, new OutputCollector(sink), options);
  } catch (error) {
    await sink.abort();
    throw error;
  } finally {
    job.free();
  }
}

async function streamJob(file, job, output, options) {
  const started = performance.now();
  let bytesRead = 0;
  let lastReport = 0;
  for await (const chunk of chunks(file)) {
    bytesRead += chunk.byteLength;
    await output.add(job.pushView(chunk)); // a view into wasm memory: copied before the next call
    if (job.isDone) break; // `limit` reached: the rest of the file cannot change the result
    const now = performance.now();
    if (now - lastReport >= PROGRESS_EVERY_MS) {
      lastReport = now;
      self.postMessage({ type: 'progress', bytesRead, size: file.size, rows: job.stats.rowsIn, seconds: (now - started) / 1000 });
    }
  }
  await output.add(job.finish());
  self.postMessage({
    type: 'done',
    name: file.name,
    size: file.size,
    seconds: (performance.now() - started) / 1000,
    stats: job.stats,
    pipeline: job.pipeline,
    blob: await output.finish(),
    preview: parseRows(output.head, PREVIEW_ROWS, options, !output.headIsWhole()),
    wasmMemory: (await ready).memory.buffer.byteLength,
  });
}

/** The input's profile; its errors are reported beside the result, not as the job's. */
async function profileFile({ file, options }) {
  const profiler = new Profiler(options);
  let profile = null;
  let profileError = null;
  try {
    for await (const chunk of chunks(file)) profiler.push(chunk);
    profile = profiler.finish();
  } catch (error) {
    profileError = plainError(error);
  }
  profiler.free();
  self.postMessage({ type: 'profiled', profile, profileError });
}

/**
 * The file's bytes, chunk by chunk, from `File.stream()`. A BYOB reader refills one buffer
 * again and again, so reading a file of any size allocates nothing per chunk; the views it
 * yields are valid until the next iteration.
 */
async function* chunks(file) {
  const stream = file.stream();
  let reader;
  try {
    reader = stream.getReader({ mode: 'byob' });
  } catch {
    reader = null; // not a byte stream here: plain reads, one fresh chunk each
  }
  if (!reader) {
    const plain = stream.getReader();
    try {
      for (let r = await plain.read(); !r.done; r = await plain.read()) yield r.value;
    } finally {
      plain.releaseLock();
      stream.cancel().catch(() => {});
    }
    return;
  }
  let buffer = new ArrayBuffer(READ_BYTES);
  try {
    for (;;) {
      const { done, value } = await reader.read(new Uint8Array(buffer));
      if (done) return;
      yield value;
      buffer = value.buffer; // the read transferred it; take it back for the next one
    }
  } finally {
    reader.releaseLock();
    stream.cancel().catch(() => {});
  }
}

/**
 * Collects output: the first bytes for the preview, the rest copied into one reused staging
 * buffer that goes to the sink (a file on disk, or the blob store) whenever it fills.
 */
class OutputCollector {
  constructor(sink) {
    this.sink = sink;
    this.staging = new Uint8Array(STAGING_BYTES);
    this.used = 0;
    this.head = new Uint8Array(0);
    this.total = 0;
  }

  async add(bytes) {
    if (bytes.byteLength === 0) return;
    if (this.head.byteLength < PREVIEW_BYTES) {
      const head = new Uint8Array(Math.min(PREVIEW_BYTES, this.head.byteLength + bytes.byteLength));
      head.set(this.head);
      head.set(bytes.subarray(0, head.byteLength - this.head.byteLength), this.head.byteLength);
      this.head = head;
    }
    this.total += bytes.byteLength;
    if (this.used + bytes.byteLength > this.staging.byteLength) await this.flush();
    if (bytes.byteLength > this.staging.byteLength) {
      await this.sink.write(bytes);
    } else {
      this.staging.set(bytes, this.used);
      this.used += bytes.byteLength;
    }
  }

  /** Hands the staged bytes to the sink; the staging buffer is reused once the write is done. */
  async flush() {
    if (this.used > 0) await this.sink.write(this.staging.subarray(0, this.used));
    this.used = 0;
  }

  headIsWhole() {
    return this.head.byteLength === this.total;
  }

  /** The whole output as a Blob (a File on disk with OPFS). */
  async finish() {
    await this.flush();
    return this.sink.finish();
  }
}

const RESULT_PREFIX = 'result-';

/**
 * Where the output goes: a new file in the Origin Private File System, written through a
 * writable stream (each write awaited, so reading waits for the disk), or Blob parts when OPFS
 * is unavailable. Earlier results are removed first: one result at a time is kept on disk.
 * (A synchronous access handle stalled Chromium after 1-2 GB while a dropped file was read.)
 */
async function openSink() {
  try {
    const dir = await navigator.storage.getDirectory();
    for await (const name of dir.keys()) {
      if (name.startsWith(RESULT_PREFIX)) await dir.removeEntry(name).catch(() => {}); // still open elsewhere: leave it
    }
    const file = await dir.getFileHandle(`${RESULT_PREFIX}${Date.now()}.csv`, { create: true });
    return new FileSink(dir, file, await file.createWritable());
  } catch {
    return new BlobSink();
  }
}

class FileSink {
  constructor(dir, file, writable) {
    this.dir = dir;
    this.file = file;
    this.writable = writable;
  }

  async write(bytes) {
    await this.writable.write(bytes);
  }

  async finish() {
    await this.writable.close();
    return this.file.getFile();
  }

  /** A failed run leaves nothing behind on disk. */
  async abort() {
    await this.writable.abort().catch(() => {});
    await this.dir.removeEntry(this.file.name).catch(() => {});
  }
}

class BlobSink {
  constructor() {
    this.parts = [];
  }

  async write(bytes) {
    this.parts.push(new Blob([bytes])); // the Blob constructor copies
  }

  finish() {
    return new Blob(this.parts, { type: 'text/csv' });
  }

  abort() {
    this.parts = [];
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
    isSpecError: error?.isSpecError ?? false, // the core decides which kinds are the spec's
  };
}
