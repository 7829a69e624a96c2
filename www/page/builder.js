// The pipeline editor: a textarea holding the spec (exactly what the CLI and Python accept),
// checked live by the core's parser, plus controls that append steps written in the core's
// own quoting, and the equivalent command line.
import init, { canonicalPipeline, quoteColumn, whereLiteral } from './pkg/csv_kernels_web.js';

const $ = (id) => document.getElementById(id);
const DEFAULT_SPEC = 'derive digit_factorial_sum = digit_factorial_sum(value)';
let edited = false;

export async function setupBuilder() {
  await init();
  $('pipeline').addEventListener('input', () => {
    edited = true;
    refresh();
  });
  $('step-kind').addEventListener('change', showFields);
  $('add-step').addEventListener('click', addStep);
  for (const id of ['opt-delimiter', 'opt-on-error', 'opt-header']) $(id).addEventListener('change', refresh);
  showFields();
  refresh();
}

/** The run options as the JS object the package takes (names go through the core's parser). */
export function currentOptions() {
  return {
    delimiter: $('opt-delimiter').value,
    onError: $('opt-on-error').value,
    header: $('opt-header').checked,
  };
}

export function currentPipeline() {
  return $('pipeline').value;
}

export function setColumns(columns) {
  const select = $('step-column');
  select.replaceChildren(
    ...columns.map((name, i) => new Option(name || `#${i + 1}`, $('opt-header').checked ? name : `#${i + 1}`)),
  );
  if (columns.includes('value')) select.value = 'value';
}

/** Until the user edits the spec, a new file gets the default job when it has a `value` column. */
export function proposePipeline(columns) {
  if (edited) return;
  const named = $('opt-header').checked && columns.includes('value');
  $('pipeline').value = named ? DEFAULT_SPEC : '';
  refresh();
}

function showFields() {
  const kind = $('step-kind').value;
  const shown = {
    derive: ['step-column', 'step-kernel', 'step-name'],
    where: ['step-column', 'step-op', 'step-value'],
    select: ['step-column'],
    limit: ['step-limit'],
  }[kind];
  for (const id of ['step-column', 'step-kernel', 'step-name', 'step-op', 'step-value', 'step-limit']) {
    $(id).hidden = !shown.includes(id);
  }
  $('step-column').multiple = kind === 'select';
}

function column(value) {
  // `#N` is a positional reference, written as is; names get the core's quoting.
  return /^#\d+$/.test(value) ? value : quoteColumn(value);
}

function addStep() {
  const kind = $('step-kind').value;
  const columns = [...$('step-column').selectedOptions].map((o) => column(o.value));
  if (kind !== 'limit' && columns.length === 0) return;
  let step;
  if (kind === 'derive') {
    const kernel = $('step-kernel').value;
    step = `derive ${quoteColumn($('step-name').value.trim() || kernel)} = ${kernel}(${columns[0]})`;
  } else if (kind === 'where') {
    step = `where ${columns[0]} ${$('step-op').value} ${whereLiteral($('step-value').value)}`;
  } else if (kind === 'select') {
    step = `select ${columns.join(', ')}`;
  } else {
    step = `limit ${Math.max(0, Math.floor(Number($('step-limit').value) || 0))}`;
  }
  const spec = $('pipeline').value.trimEnd();
  $('pipeline').value = spec ? `${spec} | ${step}` : step;
  edited = true;
  refresh();
}

function refresh() {
  const spec = $('pipeline').value;
  const check = $('spec-check');
  try {
    const canonical = canonicalPipeline(spec);
    check.className = 'spec-check ok';
    check.textContent = canonical ? `✓ valid · ${canonical}` : '✓ empty pipeline: rows pass through unchanged';
  } catch (error) {
    check.className = 'spec-check bad';
    check.textContent = error.message;
  }
  $('cli-command').textContent = cliCommand(spec, currentOptions());
}

function shellQuote(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function cliCommand(spec, options) {
  const parts = ['csv-kernels run', shellQuote(spec)];
  if (options.delimiter !== ',') parts.push('--delimiter', shellQuote(options.delimiter));
  if (!options.header) parts.push('--no-header');
  if (options.onError !== 'fail') parts.push('--on-error', options.onError);
  parts.push('--input FILE.csv');
  return parts.join(' ');
}
