// The Cloudflare Worker door (module syntax): only fetch and ReadableStream glue around the
// core's edge protocol (csv_kernels::edge, exported by the wasm-bindgen package that
// scripts/build-edge.sh builds into edge/pkg). Routes, statuses, headers, limits, the commit
// window, draining and errors are decided there, as they are for `wasmtime serve`.
import wasmModule from './pkg/csv_kernels_web_bg.wasm';
import { initSync, EdgeExchange } from './pkg/csv_kernels_web.js';

// Instantiated once per isolate, synchronously: the module is already compiled by the runtime.
initSync({ module: wasmModule });

/** Hands the exchange the next piece of the body, its end, or the reason it cannot be read. */
async function feed(exchange, reader) {
  try {
    const { done, value } = reader ? await reader.read() : { done: true };
    if (done) exchange.end();
    else exchange.push(value);
  } catch (error) {
    exchange.readFailed(String(error?.message ?? error));
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const header = (name) => request.headers.get(name) ?? undefined;
    const exchange = new EdgeExchange(request.method, url.pathname, url.search.slice(1),
      header('x-pipeline'), header('content-length'), env.MAX_BODY_BYTES, env.COMMIT_BYTES);
    const reader = exchange.wantsBody ? request.body?.getReader() : undefined;
    const release = () => {
      reader?.cancel().catch(() => {});
      exchange.free();
    };
    let head;
    while (!(head = exchange.head())) await feed(exchange, reader);
    const init = { status: head.status, headers: head.headers };
    const first = exchange.takeOutput();
    if (exchange.isFinished) {
      release();
      return new Response(first, init);
    }
    // Committed to the status: stream the rest, one body read per pull at most until there
    // is output, so the client's pace is the upload's.
    let released = false;
    const stream = new ReadableStream({
      start(controller) {
        if (first.byteLength) controller.enqueue(first);
      },
      async pull(controller) {
        for (;;) {
          if (exchange.wantsBody) await feed(exchange, reader);
          const out = exchange.takeOutput();
          if (out.byteLength) controller.enqueue(out);
          if (exchange.isFinished) {
            released = true;
            release();
            return controller.close();
          }
          if (out.byteLength) return;
        }
      },
      cancel() {
        if (!released) release();
        released = true;
      },
    });
    return new Response(stream, init);
  },
};
