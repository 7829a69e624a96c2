// The notebook suite: examples/csv-kernels.ipynb in the offline JupyterLite site (dist/notebook,
// scripts/build-notebook.sh), run cell by cell in headless Chromium with the real Pyodide 314
// kernel. Each code cell must print exactly the output saved in the notebook file, and the
// page, its workers and the service worker may only talk to the site on 127.0.0.1.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { root } from '../js/golden-cases.mjs';
import { runNotebook } from './lite.mjs';

const NOTEBOOK = 'csv-kernels.ipynb';
const saved = JSON.parse(readFileSync(join(root, 'examples', NOTEBOOK), 'utf8'));
const text = (t) => (Array.isArray(t) ? t.join('') : t);
// What a person sees of an output: its kind, stream and text (or the error it raised).
const shown = (outputs) => outputs.map((o) => (o.output_type === 'error'
  ? { error: `${o.ename}: ${o.evalue}` }
  : { output_type: o.output_type, name: o.name, text: text(o.text ?? o.data?.['text/plain']) }));

describe('notebook: examples/csv-kernels.ipynb in JupyterLite, offline', () => {
  let run;
  before(async () => {
    run = await runNotebook(NOTEBOOK);
    console.log(`kernel up and ${saved.cells.length} cells run in ${run.seconds} s; ${run.requests.length} requests`);
  });

  saved.cells.forEach((cell, index) => {
    if (cell.cell_type !== 'code') return;
    const title = text(cell.source).split('\n').find((line) => !line.startsWith('import')) ?? '';
    test(`cell ${index}: ${title.slice(0, 60)}`, () => {
      const ran = run.cells[index];
      assert.deepEqual(shown(ran.outputs), shown(cell.outputs));
      assert.ok(ran.execution_count > 0, 'the cell ran');
    });
  });

  test('the Pyodide runtime and the kernel wheels came from the site', () => {
    const site = new URL(run.requests[0]).origin;
    for (const path of ['/static/pyodide/pyodide.asm.wasm', '/static/pyodide/pyodide-lock.json',
      '/static/pyodide/micropip-0.11.1-py3-none-any.whl', '/static/pyodide/ipython-9.12.0-py3-none-any.whl']) {
      assert.ok(run.requests.includes(site + path), `${path} requested`);
    }
  });

  test('no request left 127.0.0.1', () => {
    const away = run.requests.filter((url) => !/^(http|ws):\/\/127\.0\.0\.1:\d+\//.test(url));
    assert.deepEqual(away, []);
  });

  test('no request failed (a missing wheel shows only as a 404 here)', () => {
    // Chromium asks for /favicon.ico before JupyterLab sets its own icon.
    assert.deepEqual(run.failed.filter((line) => !line.includes('GET /favicon.ico ')), []);
  });
});
