// The bar chart of a grouped result: rows per group, drawn as plain SVG elements (no library,
// nothing inline that the page's CSP would refuse). Display only: the counts are the core's.
import { splitLast } from './actions.js';
import { formatNumber } from './render.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 720;
const LABEL_WIDTH = 200;
const BAR_HEIGHT = 18;
const GAP = 6;

function svg(tag, attributes, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

/**
 * Shows `rows` (the preview: header first) as bars when the canonical `pipeline` ends with a
 * `group` step whose result has a `count` column; the group's keys are the columns before it.
 * `total` is the number of groups in the whole result. Hidden otherwise.
 */
export function renderGroupChart(figure, rows, pipeline, total) {
  const header = rows[0] ?? [];
  const countAt = header.indexOf('count');
  const grouped = /^group\s/.test(splitLast(pipeline ?? '')[1]);
  const groups = rows.slice(1);
  figure.hidden = !(grouped && countAt > 0 && groups.length > 0);
  if (figure.hidden) return;
  const keys = header.slice(0, countAt);
  const shown = groups.length < total ? `the first ${groups.length} of ${total} groups` : `${total} groups`;
  figure.querySelector('figcaption').textContent = `Rows per ${keys.join(', ')} (${shown})`;
  const counts = groups.map((row) => Number(row[countAt]) || 0);
  const most = Math.max(...counts, 1);
  const chart = figure.querySelector('svg');
  const height = groups.length * (BAR_HEIGHT + GAP);
  chart.setAttribute('viewBox', `0 0 ${WIDTH} ${height}`);
  chart.setAttribute('width', WIDTH);
  chart.setAttribute('height', height);
  const room = WIDTH - LABEL_WIDTH - 80;
  chart.replaceChildren(...groups.map((row, i) => {
    const y = i * (BAR_HEIGHT + GAP);
    const label = row.slice(0, countAt).join(' · ') || '(empty)';
    const width = Math.max(1, Math.round((counts[i] / most) * room));
    const bar = svg('g', { class: 'bar' });
    bar.append(
      svg('text', { x: LABEL_WIDTH - 8, y: y + BAR_HEIGHT - 5, 'text-anchor': 'end', class: 'bar-label' },
        label.length > 28 ? `${label.slice(0, 27)}…` : label),
      svg('rect', { x: LABEL_WIDTH, y, width, height: BAR_HEIGHT, rx: 2, class: 'bar-rect' }),
      svg('text', { x: LABEL_WIDTH + width + 6, y: y + BAR_HEIGHT - 5, class: 'bar-count' }, formatNumber(counts[i])),
    );
    bar.append(svg('title', {}, `${label}: ${counts[i]}`));
    return bar;
  }));
}
