// Rendering of results: the preview table, the profile table with one histogram per numeric
// column (drawn on a canvas), and the run summary. Display only: every value comes from the core.

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

function formatNumber(n) {
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

export function renderProfile(table, profile) {
  table.replaceChildren();
  if (!profile) return;
  const head = table.createTHead().insertRow();
  for (const title of ['Column', 'Type', 'Values', 'Empty', 'Min', 'Max', 'Mean', 'Length', 'Distribution']) {
    head.append(cell('th', title));
  }
  const body = table.createTBody();
  for (const column of profile.columns) {
    const tr = body.insertRow();
    tr.append(cell('td', column.name, 'name'));
    tr.append(cell('td', column.type, `type type-${column.type}`));
    tr.append(cell('td', column.count.toLocaleString('en-US'), 'num'));
    tr.append(cell('td', column.nulls.toLocaleString('en-US'), 'num'));
    tr.append(cell('td', formatNumber(column.min), 'num'));
    tr.append(cell('td', formatNumber(column.max), 'num'));
    tr.append(cell('td', formatNumber(column.mean), 'num'));
    const lengths = column.min_length === undefined ? '' : `${column.min_length}–${column.max_length}`;
    tr.append(cell('td', lengths, 'num'));
    const chart = document.createElement('td');
    chart.className = 'chart';
    if (column.histogram) chart.append(histogramCanvas(column.histogram));
    tr.append(chart);
  }
}

function histogramCanvas(histogram) {
  const width = 220;
  const height = 44;
  const canvas = document.createElement('canvas');
  const scale = window.devicePixelRatio || 1;
  canvas.width = width * scale;
  canvas.height = height * scale;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const end = histogram.start + histogram.width * histogram.counts.length;
  canvas.title = `${histogram.counts.length} bins from ${formatNumber(histogram.start)} to ${formatNumber(end)}, ${formatNumber(histogram.width)} wide`;
  const ctx = canvas.getContext('2d');
  ctx.scale(scale, scale);
  const max = Math.max(...histogram.counts);
  const bar = width / histogram.counts.length;
  ctx.fillStyle = '#e8edf5';
  ctx.fillRect(0, height - 1, width, 1);
  ctx.fillStyle = '#3b6fd8';
  histogram.counts.forEach((count, i) => {
    if (count === 0) return;
    const h = Math.max(1, (count / max) * (height - 2));
    ctx.fillRect(i * bar + (bar > 3 ? 0.5 : 0), height - 1 - h, Math.max(1, bar - (bar > 3 ? 1 : 0)), h);
  });
  return canvas;
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
