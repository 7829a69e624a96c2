// In-process timings inside Pyodide under Node, for benches/bench.py:
//   node benches/pyodide_bench.mjs VERSION seed-wheel INPUT OUTPUT REPEATS   csv_kernels.process_csv
//   node benches/pyodide_bench.mjs VERSION seed-pure INPUT OUTPUT REPEATS    the seed's csv-module code
//   node benches/pyodide_bench.mjs VERSION first_n COUNT REPEATS
// VERSION is 0.29 or 314 (node_modules/pyodide-VERSION); the wheel comes from dist/. Timed with
// Python's perf_counter inside Pyodide after a warm-up run; prints a JSON list of seconds.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ABI = { '0.29': 'pyemscripten_2025_0', 314: 'pyemscripten_2026_0' };
const [version, kind, ...args] = process.argv.slice(2);
const repeats = Number(args.pop());

const indexURL = join(root, 'node_modules', `pyodide-${version}`) + '/';
const { loadPyodide } = await import(join(indexURL, 'pyodide.mjs'));
const py = await loadPyodide({ indexURL, stdout: () => {}, stderr: (s) => process.stderr.write(s + '\n') });

if (kind !== 'seed-pure') {
  const wheel = readdirSync(join(root, 'dist')).find((f) => f.includes(ABI[version]) && f.endsWith('.whl'));
  if (!wheel) throw new Error(`no ${ABI[version]} wheel in dist/ (scripts/build-python.sh)`);
  await py.loadPackage(join(root, 'dist', wheel));
}

// Each job is Python source defining run(); the timing loop is Python too.
let job;
if (kind === 'first_n') {
  job = `import csv_kernels\ndef run():\n    assert len(csv_kernels.first_n(${Number(args[0])})) == ${Number(args[0])}`;
} else {
  py.FS.writeFile('/tmp/in.csv', readFileSync(args[0]));
  job =
    kind === 'seed-wheel'
      ? 'import csv_kernels\ndef run():\n    csv_kernels.process_csv("/tmp/in.csv", "/tmp/out.csv")'
      : readFileSync(join(root, 'benches', 'seed_job.py'), 'utf8').replace('if __name__ == "__main__":', 'if False:') +
        '\ndef run():\n    seed_job("/tmp/in.csv", "/tmp/out.csv")';
}
py.runPython(job);
const times = py.runPython(`
import time
run()
times = []
for _ in range(${repeats}):
    start = time.perf_counter()
    run()
    times.append(time.perf_counter() - start)
times`).toJs();
if (kind !== 'first_n') writeFileSync(args[1], py.FS.readFile('/tmp/out.csv'));
console.log(JSON.stringify(times));
