// Starts the Worker in raw workerd (edge/workerd.capnp) on 127.0.0.1 with a port the kernel
// picks, learns the port from workerd's control channel, and stops it when asked.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cases.mjs';

const WORKERD = join(ROOT, 'node_modules/.bin/workerd');
const CONFIG = join(ROOT, 'edge/workerd.capnp');

/** env: extra environment, e.g. { CSV_KERNELS_MAX_BODY_BYTES: '1000' }. */
export async function startWorkerd(env = {}) {
  for (const path of [WORKERD, CONFIG, join(ROOT, 'edge/pkg/csv_kernels_web_bg.wasm')]) {
    if (!existsSync(path)) throw new Error(`${path} missing: run scripts/build-edge.sh`);
  }
  const child = spawn(
    WORKERD,
    ['serve', CONFIG, '--socket-addr', 'http=127.0.0.1:0', '--control-fd=3'],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const port = await new Promise((resolve, reject) => {
    let control = '';
    const timer = setTimeout(() => reject(new Error(`workerd did not start: ${stderr}`)), 15_000);
    child.stdio[3].on('data', (data) => {
      control += data;
      // One JSON object per line, e.g. {"event":"listen","socket":"http","port":41234}
      for (const line of control.split('\n')) {
        if (!line.trim()) continue;
        const message = JSON.parse(line);
        if (message.event === 'listen' && message.socket === 'http') {
          clearTimeout(timer);
          resolve(message.port);
        }
      }
    });
    child.on('exit', (code) => reject(new Error(`workerd exited with ${code}: ${stderr}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    get stderr() {
      return stderr;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
