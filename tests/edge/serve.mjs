// Starts the wasi:http component (dist/csv-kernels-serve.wasm) under `wasmtime serve` on
// 127.0.0.1 with a port the kernel picks, and stops it when asked. `env` goes to the guest.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cases.mjs';

const COMPONENT = join(ROOT, 'dist/csv-kernels-serve.wasm');

export async function startServe(env = {}) {
  if (!existsSync(COMPONENT)) throw new Error(`${COMPONENT} missing: run scripts/build-edge.sh serve`);
  const envFlags = Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
  const child = spawn('wasmtime', ['serve', '-Scli', ...envFlags, '--addr', '127.0.0.1:0', COMPONENT], {
    env: { ...process.env, XDG_CACHE_HOME: join(ROOT, '.cache') },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wasmtime serve did not start: ${stderr}`)), 30_000);
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = /Serving HTTP on (http:\/\/127\.0\.0\.1:\d+)\//.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('error', reject); // a missing wasmtime fails the suite
    child.on('exit', (code) => reject(new Error(`wasmtime serve exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    get stderr() {
      return stderr;
    },
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    }),
  };
}
