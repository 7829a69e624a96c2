// The Web Workers that do all the processing: one streams a File's chunks through the wasm
// Job, another (same script) through the Profiler, in parallel, so a file of any size is read
// in constant memory and the page never freezes. The result is written, as it is produced, to
// a file in the Origin Private File System, so memory does not grow with the result whatever
// its size (Blob parts in memory where OPFS is missing).
import init, { Job, Profiler, parseRows, profile, sniff } from './pkg/csv_kernels_web.js';
import { sampleFile } from './sample.js';
import { Head, OutputCollector, openSink } from './output.js';

const ready = init(); // resolves to the wasm exports, whose memory size is reported at the end
const PREVIEW_ROWS = 21; // header + 20 rows
const HEAD_BYTES = 1024 * 1024;
const READ_BYTES = 1024 * 1024;
const PROGRESS_EVERY_MS = 100;

self.onmessage = async ({ data }) => {
  await ready;
  try {
    if (data.type === 'inspect') self.postMessage({ type: 'inspected', ...(await inspect(data)) });
    else if (data.type === 'sample') self.postMessage({ type: 'sample', file: sampleFile(data.rows) });
    else if (data.type === 'process') await processFile(data);
    else if (data.type === 'profile') await profileFile(data);
  } catch (error) {
    self.postMessage({ type: 'error', stage: data.type, error: plainError(error) });
  }
};

/**
 * What a file is before any run, from its first megabyte: with `sniff`, the core's guess of
 * its dialect (which then becomes the reading options), the column names, and the schema (the
 * core's profile of the whole lines of that first megabyte: name, type, nulls), with the
 * number of bad rows it left out.
 */
async function inspect({ file, options, sniff: wanted }) {
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const partial = head.byteLength < file.size;
  const sniffed = wanted ? sniff(head, file.size) : null;
  const reading = { ...options };
  if (sniffed) {
    reading.delimiter = sniffed.delimiter;
    reading.header = sniffed.header;
    if (sniffed.quote !== null && sniffed.quote !== sniffed.delimiter) reading.quote = sniffed.quote;
  }
  let columns = [];
  let schema = null;
  let skipped = 0;
  let schemaError = null;
  try {
    columns = parseRows(head, 1, reading, partial)[0] ?? [];
    // Bad rows are skipped here whatever the run's policy: the schema describes the good
    // ones, and the run reports the first bad row with its line.
    const profiled = profile(partial ? wholeLines(head) : head, { ...reading, onError: 'skip' });
    schema = profiled.columns.map(({ name, type, nulls }) => ({ name, type, nulls }));
    skipped = profiled.rowsSkipped ?? 0;
  } catch (error) {
    schemaError = plainError(error);
  }
  return { sniffed, options: reading, columns, schema, skipped, schemaError };
}

/** `bytes` up to its last line end, so a cut record does not reach the profile. */
function wholeLines(bytes) {
  const end = bytes.lastIndexOf(10);
  return end < 0 ? bytes : bytes.subarray(0, end + 1);
}

async function processFile({ file, pipeline, options }) {
  const format = options.format ?? 'csv';
  const job = new Job(pipeline, options);
  // The preview reads CSV: for another format, a second job writes the same rows as CSV, fed
  // only until its first bytes are in (all of the input for a sort or group, which must see it).
  const preview = format === 'csv' ? null : new Job(pipeline, { ...options, format: 'csv' });
  const head = new Head();
  const sink = await openSink(format);
  try {
    await streamJob(file, job, new OutputCollector(sink, preview ? null : head), preview, head, options);
  } catch (error) {
    await sink.abort();
    throw error;
  } finally {
    job.free();
    preview?.free();
  }
}

async function streamJob(file, job, output, preview, head, options) {
  const started = performance.now();
  let bytesRead = 0;
  let lastReport = 0;
  let previewing = preview !== null;
  let previewWhole = preview === null;
  for await (const chunk of chunks(file)) {
    bytesRead += chunk.byteLength;
    await output.add(job.pushView(chunk)); // a view into wasm memory: copied before the next call
    if (previewing) {
      head.add(preview.pushView(chunk));
      previewing = !head.isFull();
    }
    if (job.isDone) break; // `limit` reached: the rest of the file cannot change the result
    const now = performance.now();
    if (now - lastReport >= PROGRESS_EVERY_MS) {
      lastReport = now;
      self.postMessage({ type: 'progress', bytesRead, size: file.size, rows: job.stats.rowsIn, seconds: (now - started) / 1000 });
    }
  }
  await output.add(job.finish());
  if (previewing) {
    head.add(preview.finish());
    previewWhole = true;
  }
  const csvOptions = { ...options, format: 'csv' };
  self.postMessage({
    type: 'done',
    name: file.name,
    format: options.format ?? 'csv',
    size: file.size,
    seconds: (performance.now() - started) / 1000,
    stats: job.stats,
    pipeline: job.pipeline,
    blob: await output.finish(),
    preview: parseRows(head.bytes, PREVIEW_ROWS, csvOptions, !head.isWhole() || !previewWhole),
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
