// Rendering of results: the preview table and the run summary (the profile is profile.js).
// Display only: every value comes from the core.

export function formatBytes(bytes) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(unit === 0 || value >= 100 ? 0 : 1)} ${units[unit]}`;
}

export function formatCount(n) {
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)} M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(0)} k`;
  return Math.round(n).toLocaleString('en-US');
}

export function formatNumber(n) {
  if (n === undefined || n === null) return '';
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  const size = Math.abs(n);
  if (size >= 1e15 || size < 1e-3) return n.toPrecision(4);
  return n.toLocaleString('en-US', { maximumFractionDigits: size >= 1e4 ? 1 : 3 });
}

function cell(tag, text, className) {
  const el = document.createElement(tag);
  el.textContent = text;
  if (className) el.className = className;
  return el;
}

/** `rows[0]` is the header. */
export function renderPreview(table, rows) {
  table.replaceChildren();
  if (rows.length === 0) return;
  const head = table.createTHead().insertRow();
  for (const name of rows[0]) head.append(cell('th', name));
  const body = table.createTBody();
  for (const row of rows.slice(1)) {
    const tr = body.insertRow();
    for (const value of row) tr.append(cell('td', value, /^-?\d+(\.\d+)?$/.test(value) ? 'num' : ''));
  }
}

export function renderSummary(list, { stats, seconds, size, pipeline, wasmMemory }) {
  list.replaceChildren();
  const items = [
    ['Rows in', stats.rowsIn.toLocaleString('en-US')],
    ['Rows out', stats.rowsOut.toLocaleString('en-US')],
    ['Skipped', stats.rowsSkipped.toLocaleString('en-US')],
    ['Cells emptied', stats.cellsNulled.toLocaleString('en-US')],
    ['Time', `${seconds.toFixed(2)} s`],
    ['Throughput', `${formatBytes(size / Math.max(seconds, 1e-6))}/s`],
  ];
  for (const [term, value] of items) {
    const group = document.createElement('div');
    group.append(cell('dt', term), cell('dd', value));
    list.append(group);
  }
  list.title = pipeline ? `pipeline: ${pipeline}` : 'empty pipeline';
  // For diagnostics and the measuring scripts (tests/js/measure-page.mjs, huge-file.mjs).
  list.dataset.wasmMemory = wasmMemory;
  list.dataset.rowsIn = stats.rowsIn;
  list.hidden = false;
}
