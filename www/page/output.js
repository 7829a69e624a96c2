// Where a run's output goes: the first bytes kept for the preview, the rest staged and written
// to a file in the Origin Private File System (Blob parts where OPFS is missing).

const PREVIEW_BYTES = 256 * 1024;
const STAGING_BYTES = 8 * 1024 * 1024;

/** The first bytes of an output, for the preview, and how many bytes it has in all. */
export class Head {
  constructor() {
    this.bytes = new Uint8Array(0);
    this.total = 0;
  }

  add(bytes) {
    if (this.bytes.byteLength < PREVIEW_BYTES && bytes.byteLength > 0) {
      const head = new Uint8Array(Math.min(PREVIEW_BYTES, this.bytes.byteLength + bytes.byteLength));
      head.set(this.bytes);
      head.set(bytes.subarray(0, head.byteLength - this.bytes.byteLength), this.bytes.byteLength);
      this.bytes = head;
    }
    this.total += bytes.byteLength;
  }

  isFull() {
    return this.bytes.byteLength >= PREVIEW_BYTES;
  }

  isWhole() {
    return this.bytes.byteLength === this.total;
  }
}

/**
 * Collects output: the first bytes into `head` when given (the preview of a CSV output), the
 * rest copied into one reused staging buffer that goes to the sink (a file on disk, or the
 * blob store) whenever it fills.
 */
export class OutputCollector {
  constructor(sink, head = null) {
    this.sink = sink;
    this.head = head;
    this.staging = new Uint8Array(STAGING_BYTES);
    this.used = 0;
  }

  async add(bytes) {
    if (bytes.byteLength === 0) return;
    this.head?.add(bytes);
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
export async function openSink(extension) {
  try {
    const dir = await navigator.storage.getDirectory();
    for await (const name of dir.keys()) {
      if (name.startsWith(RESULT_PREFIX)) await dir.removeEntry(name).catch(() => {}); // still open elsewhere: leave it
    }
    const file = await dir.getFileHandle(`${RESULT_PREFIX}${Date.now()}.${extension}`, { create: true });
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
    return new Blob(this.parts);
  }

  abort() {
    this.parts = [];
  }
}

