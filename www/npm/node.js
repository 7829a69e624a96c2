// The package's entry under Node: the same exports as in a browser, with the wasm module read
// from beside this file and instantiated at import, so `import { run } from 'csv-kernels'` is
// ready to use (browsers and bundlers get csv_kernels_web.js and call `await init()`).
import { readFileSync } from 'node:fs';
import { initSync } from './csv_kernels_web.js';

initSync({ module: readFileSync(new URL('./csv_kernels_web_bg.wasm', import.meta.url)) });

export * from './csv_kernels_web.js';
export { default } from './csv_kernels_web.js';
