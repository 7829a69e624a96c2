// Quick actions on the result preview: a column's name sorts by it, its ⋯ menu sorts, filters
// by a value or groups by it. Each writes a step into the pipeline spec (in the core's quoting:
// quoteColumn, whereLiteral) and runs it, so what the page does is always a spec the CLI runs.
import { quoteColumn, whereLiteral } from './pkg/csv_kernels_web.js';

const $ = (id) => document.getElementById(id);
let hooks;
/** The column the menu is open for, and the button that opened it (focus returns there). */
let menuColumn = null;
let menuTrigger = null;

/**
 * `hooks`: `spec()` and `setSpec(text)` for the pipeline, `run()`, and `numericColumns()`,
 * the input's integer and float columns by the schema or profile.
 */
export function setupActions(given) {
  hooks = given;
  $('menu-sort-asc').addEventListener('click', () => fromMenu(sortSpec(hooks.spec(), menuColumn, false)));
  $('menu-sort-desc').addEventListener('click', () => fromMenu(sortSpec(hooks.spec(), menuColumn, true)));
  $('menu-filter').addEventListener('click', () => fromMenu(filterSpec(hooks.spec(), menuColumn, $('menu-value').value)));
  $('menu-group').addEventListener('click', () => fromMenu(groupSpec(hooks.spec(), menuColumn, hooks.numericColumns())));
  $('menu-close').addEventListener('click', () => closeMenu(true));
  $('column-menu').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeMenu(true);
    else if (event.key === 'Enter' && event.target.id === 'menu-value') $('menu-filter').click();
  });
}

function apply(spec) {
  hooks.setSpec(spec);
  hooks.run();
}

function fromMenu(spec) {
  closeMenu(false);
  apply(spec);
}

/**
 * The spec split before its last step: `[head, last]`, `head` ending with the separator (`|`
 * or a line end) and the spaces after it. Separators inside quotes or backticks do not count.
 */
export function splitLast(spec) {
  let quote = null;
  let cut = 0;
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
    } else if ((c === '|' || c === '\n') && spec.slice(i + 1).trim() !== '') {
      cut = i + 1;
    }
  }
  while (cut < spec.length && /\s/.test(spec[cut])) cut++;
  return [spec.slice(0, cut), spec.slice(cut)];
}

function append(spec, step) {
  const kept = spec.trimEnd();
  return kept ? `${kept} | ${step}` : step;
}

/**
 * Sorts by `column`: a last `sort` step is replaced, otherwise one is appended. Without
 * `descending`, a click on the column already sorted ascending sorts it descending.
 */
export function sortSpec(spec, column, descending) {
  const key = quoteColumn(column);
  const [head, last] = splitLast(spec.trimEnd());
  const sorted = /^sort\s+(-?)\s*(.+?)\s*$/.exec(last);
  const down = descending ?? (sorted !== null && sorted[2] === key && sorted[1] === '');
  const step = `sort ${down ? '-' : ''}${key}`;
  return sorted ? head + step : append(spec, step);
}

/** The sort the spec ends with, when it is one column: `{ column, descending }`. */
export function lastSort(spec) {
  const sorted = /^sort\s+(-?)\s*(.+?)\s*$/.exec(splitLast(spec.trimEnd())[1]);
  return sorted ? { key: sorted[2], descending: sorted[1] === '-' } : null;
}

export function filterSpec(spec, column, value) {
  return append(spec, `where ${quoteColumn(column)} = ${whereLiteral(value)}`);
}

/** One row per value of `column`: its row count and the mean of each other numeric column. */
export function groupSpec(spec, column, numeric) {
  const aggregates = ['count = count()'];
  for (const name of numeric.filter((n) => n !== column)) {
    aggregates.push(`${quoteColumn(`${name}_mean`)} = mean(${quoteColumn(name)})`);
  }
  return append(spec, `group ${quoteColumn(column)} aggregate ${aggregates.join(', ')}`);
}

/** Puts a sort button and a menu button in each header cell of the preview `table`. */
export function decoratePreview(table, rows, spec) {
  const sorted = lastSort(spec);
  const cells = table.querySelectorAll('thead th');
  cells.forEach((th, i) => {
    const name = rows[0][i];
    const key = quoteColumn(name);
    const sort = document.createElement('button');
    sort.type = 'button';
    sort.className = 'column-sort';
    sort.textContent = name;
    const state = sorted?.key === key ? (sorted.descending ? 'descending' : 'ascending') : 'none';
    th.setAttribute('aria-sort', state);
    if (state !== 'none') sort.dataset.sorted = state;
    sort.setAttribute('aria-label', `${name}: sort ${state === 'ascending' ? 'descending' : 'ascending'}`);
    sort.addEventListener('click', () => apply(sortSpec(hooks.spec(), name)));
    const menu = document.createElement('button');
    menu.type = 'button';
    menu.className = 'column-menu-button';
    menu.textContent = '⋯';
    menu.setAttribute('aria-label', `${name}: menu (sort, filter, group)`);
    menu.setAttribute('aria-haspopup', 'dialog');
    menu.addEventListener('click', () => openMenu(name, rows[1]?.[i] ?? '', menu));
    th.replaceChildren(sort, menu);
  });
}

function openMenu(column, value, trigger) {
  menuColumn = column;
  menuTrigger = trigger;
  $('column-menu-title').textContent = `Column ${column}`;
  $('menu-value').value = value;
  $('column-menu').hidden = false;
  $('menu-sort-asc').focus();
}

function closeMenu(refocus) {
  $('column-menu').hidden = true;
  if (refocus && menuTrigger?.isConnected) menuTrigger.focus();
  menuColumn = null;
}
