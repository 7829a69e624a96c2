// The input profile (format v2) as a table: one row per column with its counts, distinct
// values, range, quartiles, mean and spread, and a distribution: a histogram (canvas) for
// numbers and dates, bars of the most frequent values for text and booleans. Display only:
// every value comes from the core.

import { formatNumber } from './render.js';

const HEADINGS = ['Column', 'Type', 'Values', 'Empty', 'Distinct', 'Min', 'Q1', 'Median', 'Q3', 'Max', 'Mean',
  'Std dev', 'Length', 'Distribution'];
const DAY_MS = 86_400_000;

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

/** Dates arrive as ISO text and print as they are; numbers are rounded for reading. */
function value(v) {
  return typeof v === 'string' ? v : formatNumber(v);
}

const isDate = (column) => column.type === 'date' || column.type === 'datetime';

export function renderProfile(table, profile) {
  table.replaceChildren();
  if (!profile) return;
  const head = table.createTHead().insertRow();
  for (const title of HEADINGS) {
    const th = document.createElement('th');
    th.textContent = title;
    head.append(th);
  }
  const body = table.createTBody();
  for (const column of profile.columns) {
    const tr = body.insertRow();
    tr.dataset.column = column.name;
    tr.append(cell(column.name, 'name'), cell(column.type, `type type-${column.type}`));
    tr.append(cell(column.count.toLocaleString('en-US'), 'num'), cell(column.nulls.toLocaleString('en-US'), 'num'));
    const distinct = column.distinct.toLocaleString('en-US');
    const approx = cell(column.approximate ? `≈${distinct}` : distinct, 'num distinct');
    if (column.approximate) approx.title = 'estimated: more than 10,000 distinct values';
    tr.append(approx);
    for (const key of ['min', 'q1', 'median', 'q3', 'max', 'mean']) tr.append(cell(value(column[key]), `num ${key}`));
    const spread = column.stddev === undefined ? '' : formatNumber(column.stddev);
    tr.append(cell(isDate(column) && spread ? `${spread} days` : spread, 'num stddev'));
    const lengths = column.minLength === undefined ? '' : `${column.minLength}–${column.maxLength}`;
    tr.append(cell(lengths, 'num'));
    const chart = cell('', 'chart');
    if (column.histogram) chart.append(histogramCanvas(column.histogram, isDate(column)));
    else if (column.topValues?.length) chart.append(topValues(column.topValues));
    tr.append(chart);
  }
}

/** Bars of the most frequent values, each as long as its count relative to the first's. */
function topValues(top) {
  const list = document.createElement('ol');
  list.className = 'top-values';
  list.setAttribute('aria-label', 'most frequent values');
  const most = top[0].count;
  for (const { value: text, count } of top) {
    const item = document.createElement('li');
    const label = document.createElement('span');
    label.className = 'top-label';
    label.textContent = text;
    label.title = text;
    const bar = document.createElement('span');
    bar.className = 'top-bar';
    bar.style.width = `${(count / most) * 100}%`;
    const track = document.createElement('span');
    track.className = 'top-track';
    track.append(bar);
    const number = document.createElement('span');
    number.className = 'top-count';
    number.textContent = count.toLocaleString('en-US');
    item.append(label, track, number);
    list.append(item);
  }
  return list;
}

/** A bin edge: a number, or for dates (days since 1970-01-01) the day or instant it is. */
function edge(x, dates, width) {
  if (!dates) return formatNumber(x);
  const iso = new Date(x * DAY_MS).toISOString();
  return width >= 1 ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

function histogramCanvas(histogram, dates) {
  const width = 220;
  const height = 44;
  const canvas = document.createElement('canvas');
  const scale = window.devicePixelRatio || 1;
  canvas.width = width * scale;
  canvas.height = height * scale;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const { start, width: step, counts } = histogram;
  const end = start + step * counts.length;
  const size = dates ? `${formatNumber(step)} ${step === 1 ? 'day' : 'days'}` : formatNumber(step);
  canvas.title = `${counts.length} bins from ${edge(start, dates, step)} to ${edge(end, dates, step)}, ${size} wide`;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `histogram: ${canvas.title}`);
  canvas.dataset.counts = counts.join(',');
  const ctx = canvas.getContext('2d');
  ctx.scale(scale, scale);
  const max = Math.max(...counts);
  const bar = width / counts.length;
  ctx.fillStyle = '#e8edf5';
  ctx.fillRect(0, height - 1, width, 1);
  ctx.fillStyle = dates ? '#1e6b3f' : '#3b6fd8';
  counts.forEach((count, i) => {
    if (count === 0) return;
    const h = Math.max(1, (count / max) * (height - 2));
    ctx.fillRect(i * bar + (bar > 3 ? 0.5 : 0), height - 1 - h, Math.max(1, bar - (bar > 3 ? 1 : 0)), h);
  });
  return canvas;
}
