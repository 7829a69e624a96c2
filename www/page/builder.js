// The pipeline editor: a textarea holding the spec (exactly what the CLI and Python accept),
// checked live by the core's parser, plus controls that append steps written in the core's
// own quoting, and the equivalent command line. The steps, functions and types offered come
// from the core's registry: the page keeps no list of names.
import init, { canonicalPipeline, quoteColumn, registry, whereLiteral } from './pkg/csv_kernels_web.js';
import { clearSpecMark, markSpecError, setupCompletion, setCompletionColumns } from './complete.js';

const $ = (id) => document.getElementById(id);
const DEFAULT_SPEC = 'derive digit_factorial_sum = digit_factorial_sum(value)';
/** The wasm package's memory limit; the CLI and Python have their own (and spill past it). */
const DEFAULT_MEMORY = '64MiB';
let edited = false;
/** Each step word offered (a step's name or alias) -> its registry entry. */
const stepByWord = new Map();

/** The controls each kind of step needs, keyed by the form its syntax takes (see formOf). */
const FIELDS = {
  columns: ['step-column'],
  condition: ['step-column', 'step-op', 'step-value'],
  computed: ['step-column', 'step-kernel', 'step-name'],
  renamed: ['step-column', 'step-name'],
  typed: ['step-column', 'step-type'],
  count: ['step-limit'],
};

/** Which form a step takes, read from its syntax in the registry ("take integer", ...). */
function formOf(syntax) {
  const [, first, second, ...rest] = syntax.split(/\s+/);
  // Aggregates, `top ... by` keys and a join's second input need more than one form: those
  // steps are written in the editor.
  if (/agg\(/.test(syntax) || rest.includes('by') || rest.includes('on')) return null;
  if (first === 'integer') return 'count';
  if (first === 'expr') return 'condition';
  if (first === 'name') return 'computed';
  if (second === 'as') return /\bas type\b/.test(syntax) ? 'typed' : 'renamed';
  return 'columns';
}

function option(value, title) {
  const item = new Option(value, value);
  item.title = title;
  return item;
}

/** Fills the step, function and type pickers from the core's registry. */
function fillFromRegistry() {
  const language = registry();
  const words = [];
  for (const step of language.steps.filter((s) => formOf(s.syntax))) {
    for (const word of [step.name, ...step.aliases]) {
      stepByWord.set(word, step);
      words.push(option(word, `${step.syntax}: ${step.doc}`));
    }
  }
  $('step-kind').replaceChildren(...words);
  // The builder applies a function to one column, so it offers those callable that way.
  const unary = language.functions.filter((f) => f.minArgs <= 1 && (f.maxArgs === null || f.maxArgs >= 1));
  $('step-kernel').replaceChildren(...unary.map((f) => option(f.name, `${f.signature}: ${f.doc}`)));
  $('step-type').replaceChildren(...language.types.map((type) => option(type, type)));
  $('opt-format').replaceChildren(...language.formats.map((format) => option(format, `${format} output`)));
  return language;
}

export async function setupBuilder() {
  await init();
  setupCompletion($('pipeline'), $('completions'), fillFromRegistry(), () => {
    edited = true;
    refresh();
  });
  $('step-kind').addEventListener('change', showFields);
  $('add-step').addEventListener('click', addStep);
  for (const id of ['opt-delimiter', 'opt-quote', 'opt-on-error', 'opt-header', 'opt-format', 'opt-memory']) $(id).addEventListener('change', refresh);
  showFields();
  refresh();
}

/** The run options as the JS object the package takes (names go through the core's parser). */
export function currentOptions() {
  return {
    delimiter: $('opt-delimiter').value,
    quote: $('opt-quote').value,
    onError: $('opt-on-error').value,
    header: $('opt-header').checked,
    format: $('opt-format').value,
    // The browser cannot spill to disk: past this, sort, group, distinct and top stop with
    // memory_limit. 64 MiB is the package's default.
    memoryLimit: $('opt-memory').value,
  };
}

export function currentPipeline() {
  return $('pipeline').value;
}

/** Writes a spec made by a quick action, as if typed (it is then kept for the next file). */
export function setPipeline(spec) {
  $('pipeline').value = spec;
  edited = true;
  refresh();
}

export function setColumns(columns) {
  const select = $('step-column');
  select.replaceChildren(
    ...columns.map((name, i) => new Option(name || `#${i + 1}`, $('opt-header').checked ? name : `#${i + 1}`)),
  );
  if (columns.includes('value')) select.value = 'value';
  setCompletionColumns($('opt-header').checked ? columns : []);
}

/** Until the user edits the spec, a new file gets the default job when it has a `value` column. */
export function proposePipeline(columns) {
  if (edited) return;
  const named = $('opt-header').checked && columns.includes('value');
  $('pipeline').value = named ? DEFAULT_SPEC : '';
  refresh();
}

function currentForm() {
  const step = stepByWord.get($('step-kind').value);
  return step ? formOf(step.syntax) : 'columns';
}

function showFields() {
  const form = currentForm();
  const shown = FIELDS[form];
  for (const id of new Set(Object.values(FIELDS).flat())) $(id).hidden = !shown.includes(id);
  $('step-column').multiple = form === 'columns';
  $('step-name').placeholder = form === 'renamed' ? 'new name' : 'new column name';
}

function column(value) {
  // `#N` is a positional reference, written as is; names get the core's quoting.
  return /^#\d+$/.test(value) ? value : quoteColumn(value);
}

function addStep() {
  const word = $('step-kind').value;
  const form = currentForm();
  const columns = [...$('step-column').selectedOptions].map((o) => column(o.value));
  if (form !== 'count' && columns.length === 0) return;
  const name = $('step-name').value.trim();
  let step;
  if (form === 'computed') {
    const fn = $('step-kernel').value;
    step = `${word} ${quoteColumn(name || fn)} = ${fn}(${columns[0]})`;
  } else if (form === 'condition') {
    step = `${word} ${columns[0]} ${$('step-op').value} ${whereLiteral($('step-value').value)}`;
  } else if (form === 'renamed') {
    if (!name) return;
    step = `${word} ${columns[0]} as ${quoteColumn(name)}`;
  } else if (form === 'typed') {
    step = `${word} ${columns[0]} as ${$('step-type').value}`;
  } else if (form === 'count') {
    step = `${word} ${Math.max(0, Math.floor(Number($('step-limit').value) || 0))}`;
  } else {
    step = `${word} ${columns.join(', ')}`;
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
    clearSpecMark();
  } catch (error) {
    check.className = 'spec-check bad';
    check.textContent = error.message; // it says the line and column
    markSpecError(spec, error.line, error.column);
  }
  $('cli-command').textContent = cliCommand(spec, currentOptions());
  $('python-call').textContent = pythonCall(spec, currentOptions());
}

function shellQuote(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function cliCommand(spec, options) {
  const parts = ['csv-kernels run', shellQuote(spec)];
  // The CLI sniffs the delimiter when none is given; the page always says which it read with.
  parts.push('--delimiter', shellQuote(options.delimiter === '\\t' ? 'tab' : options.delimiter));
  if (options.quote !== '"') parts.push('--quote', shellQuote(options.quote));
  if (!options.header) parts.push('--no-header');
  if (options.onError !== 'fail') parts.push('--on-error', options.onError);
  if (options.format !== 'csv') parts.push('--format', options.format);
  if (options.memoryLimit !== DEFAULT_MEMORY) parts.push('--memory-limit', options.memoryLimit);
  parts.push('--input FILE.csv');
  return parts.join(' ');
}

/** The Python door's call: JSON's string literals are Python's too. */
function pythonCall(spec, options) {
  const args = [JSON.stringify(spec), JSON.stringify('FILE.csv')];
  args.push(`delimiter=${JSON.stringify(options.delimiter === '\\t' ? '\t' : options.delimiter)}`);
  if (options.quote !== '"') args.push(`quote=${JSON.stringify(options.quote)}`);
  if (!options.header) args.push('header=False');
  if (options.onError !== 'fail') args.push(`on_error=${JSON.stringify(options.onError)}`);
  if (options.format !== 'csv') args.push(`format=${JSON.stringify(options.format)}`);
  if (options.memoryLimit !== DEFAULT_MEMORY) args.push(`memory_limit=${JSON.stringify(options.memoryLimit)}`);
  return `csv_kernels.run(${args.join(', ')})`;
}
