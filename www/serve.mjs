// A tiny static server for the page: 127.0.0.1 only, correct types for .wasm and modules, and
// the page's Content-Security-Policy as a header too (a worker's policy comes from its own
// response, not from the page's <meta>). Usage: node www/serve.mjs DIR [--port N] (0: any free).
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.ts': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function serve(root, port = 0) {
  root = resolve(root);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
    let file = resolve(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) return reply(response, 403, 'forbidden');
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const size = statSync(file).size;
      response.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': size,
        'Content-Security-Policy': CSP,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      if (request.method === 'HEAD') return response.end();
      createReadStream(file).pipe(response);
    } catch {
      reply(response, 404, 'not found');
    }
  });
  return new Promise((done) => {
    server.listen(port, '127.0.0.1', () => done({ server, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

function reply(response, status, text) {
  response.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Security-Policy': CSP });
  response.end(text);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--port');
  const port = at >= 0 ? Number(args[at + 1]) : 8080;
  const root = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--port') ?? 'dist/web';
  const { server, url } = await serve(root, port);
  console.log(`csv-kernels page: ${url}  (serving ${resolve(root)}; Ctrl-C stops)`);
  console.log(`with sample data already running: ${url}?sample`);
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections(); // a browser's keep-alive connections would hold close() open
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
