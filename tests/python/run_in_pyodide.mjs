// Runs Python inside a real Pyodide under Node, with csv_kernels installed from the local
// emscripten wheel by micropip:
//   node tests/python/run_in_pyodide.mjs 0.29|314 pytest [PYTEST ARGS...]   exit code = pytest's
//   node tests/python/run_in_pyodide.mjs 0.29|314 script FILE.py [ARGS...]   runs a script
// The repository is mounted at its real path (NODEFS), so tests read tests/cases and benches/
// exactly as on CPython. Everything comes from files: node_modules/pyodide-VERSION (runtime),
// dist/ (our wheel), .cache/wheels (micropip, pytest and their dependencies, from PyPI).
// CSV_KERNELS_WHEEL=testing takes our wheel from target/python-test-wheels/ instead (built by
// build-python.sh --testing); the variable (default public) is passed on to the Python inside.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ABI = { '0.29': 'cp313-cp313-pyemscripten_2025_0_wasm32', '314': 'cp314-cp314-pyemscripten_2026_0_wasm32' };
const [version, mode, ...args] = process.argv.slice(2);

function fail(message) {
  console.error(`run_in_pyodide: ${message}`);
  process.exit(2);
}

if (!ABI[version] || !['pytest', 'script'].includes(mode)) {
  fail('usage: run_in_pyodide.mjs 0.29|314 pytest|script [args...]');
}
const runtime = join(root, 'node_modules', `pyodide-${version}`);
if (!existsSync(join(runtime, 'pyodide.mjs'))) fail(`no Pyodide runtime in ${runtime}: run scripts/setup.sh python`);
const kind = process.env.CSV_KERNELS_WHEEL ?? 'public';
const WHEELS = { public: ['dist', ''], testing: ['target/python-test-wheels', ' --testing'] };
if (!WHEELS[kind]) fail(`CSV_KERNELS_WHEEL must be public or testing, not ${kind}`);
const [wheelDir, buildFlag] = WHEELS[kind];
const ourWheels = existsSync(join(root, wheelDir)) ? readdirSync(join(root, wheelDir)) : [];
const ourWheel = ourWheels.find((f) => f.startsWith('csv_kernels-') && f.includes(ABI[version]));
if (!ourWheel) fail(`no ${ABI[version]} wheel in ${wheelDir}/: run scripts/build-python.sh${buildFlag}`);

const cache = join(root, '.cache', 'wheels');
const wheelFor = (pin) => {
  const [name, ver] = pin.split('==');
  const file = `${name}-${ver}-py3-none-any.whl`;
  if (!existsSync(join(cache, file))) fail(`${file} missing in ${cache}: run scripts/setup.sh python`);
  return join(cache, file);
};
const pins = readFileSync(join(root, 'tests/python/requirements-pyodide.txt'), 'utf8')
  .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const [packagingPin, micropipPin, ...testPins] = pins;

const { loadPyodide } = await import(join(runtime, 'pyodide.mjs'));
const pyodide = await loadPyodide({ indexURL: `${runtime}/`, stdout: (s) => console.log(s), stderr: (s) => console.error(s) });
pyodide.FS.mkdirTree(root);
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root }, root);
// micropip itself cannot come through micropip: load it and packaging as plain wheel files.
await pyodide.loadPackage([wheelFor(packagingPin), wheelFor(micropipPin)], { messageCallback: () => {} });
const micropip = pyodide.pyimport('micropip');
// deps=False: the dependencies are the files listed before, so nothing is looked up online.
const local = [...testPins.map(wheelFor), join(root, wheelDir, ourWheel)].map((f) => `emfs:${f}`);
for (const url of local) await micropip.install(url, { deps: false });

pyodide.globals.set('ARGS', pyodide.toPy(args));
pyodide.globals.set('MODE', mode);
pyodide.globals.set('CWD', process.cwd());
pyodide.globals.set('WHEEL', kind);
let code;
try {
  code = await pyodide.runPythonAsync(`
import os, sys, runpy
os.chdir(CWD)  # relative paths mean what they mean to the caller (inside the mounted repo)
os.environ["CSV_KERNELS_WHEEL"] = WHEEL  # which build the suite is told it tests
if MODE == "pytest":
    import pytest
    # No cache dir on the mounted repo, no fd-level capture (Emscripten has no real fds).
    result = int(pytest.main(["-p", "no:cacheprovider", "--capture=sys", *ARGS]))
else:
    sys.argv = list(ARGS)
    try:
        runpy.run_path(ARGS[0], run_name="__main__")
        result = 0
    except SystemExit as e:
        result = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
result
`);
} catch (e) {
  // A Python error arrives as a PythonError whose message is the traceback; print only that
  // (Node would otherwise echo a line of the minified runtime).
  console.error(e?.message ?? String(e));
  code = 1;
}
process.exit(code);
