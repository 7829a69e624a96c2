// What a dropped file looks like before any run: the core's sniff (delimiter, quote, header,
// encoding, rows) and schema (name, type, nulls of the first megabyte). The reading options
// are the override: they are set from the sniff here and the user changes them there.
import { formatBytes } from './render.js';

const $ = (id) => document.getElementById(id);
const NAMES = { ',': 'comma ,', ';': 'semicolon ;', '\t': 'tab', '|': 'pipe |', '"': 'double "', "'": "single '" };
const SNIFF_BYTES = 64 * 1024;

function fact(term, value, id) {
  const group = document.createElement('div');
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  dd.textContent = value;
  dd.id = id;
  group.append(dt, dd);
  return group;
}

/** Selects `value` in `select`, adding it first when the select does not offer it. */
function choose(select, value, label) {
  if (![...select.options].some((o) => o.value === value)) select.add(new Option(label, value));
  select.value = value;
}

/** The reading options the sniff decided, written into the controls that override them. */
export function applyReadingOptions({ delimiter, quote, header }) {
  // The select's tab is written `\t`, the form Options::set reads; the sniff gives the byte.
  const delimiterValue = delimiter === '\t' ? '\\t' : delimiter;
  choose($('opt-delimiter'), delimiterValue, NAMES[delimiter] ?? delimiter);
  choose($('opt-quote'), quote, NAMES[quote] ?? quote);
  $('opt-header').checked = header;
}

/** An estimate to two significant digits: its last digits would claim a precision it lacks. */
function roughly(n) {
  const step = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(n, 1))) - 1);
  return Math.round(n / step) * step;
}

export function renderSniffed(file, sniffed) {
  const exact = file.size <= SNIFF_BYTES;
  const rows = sniffed.rowsEstimate ?? 0;
  $('sniff-facts').replaceChildren(
    fact('Delimiter', NAMES[sniffed.delimiter] ?? sniffed.delimiter, 'sniff-delimiter'),
    fact('Quote', sniffed.quote === null ? 'none seen' : NAMES[sniffed.quote] ?? sniffed.quote, 'sniff-quote'),
    fact('Header', sniffed.header ? 'yes' : 'no', 'sniff-header'),
    fact('Encoding', sniffed.encoding, 'sniff-encoding'),
    fact('Rows', exact ? rows.toLocaleString('en-US') : `about ${roughly(rows).toLocaleString('en-US')}`, 'sniff-rows'),
    fact('Size', formatBytes(file.size), 'sniff-size'),
  );
  $('sniff-reason').textContent = `Why: ${sniffed.reason}.`;
  $('file-card').hidden = false;
}

/**
 * The schema table: one row per column, and a note when bad rows were left out of it (`skipped`)
 * or when the first megabyte could not be read at all (`error`).
 */
export function renderSchema(schema, skipped, error) {
  const table = $('schema');
  table.replaceChildren();
  $('file-card').hidden = false;
  const note = $('schema-note');
  note.textContent = schema
    ? (skipped > 0 ? `${skipped.toLocaleString('en-US')} bad row${skipped === 1 ? '' : 's'} of the first megabyte left out of this schema.` : '')
    : `No schema: ${error?.message ?? 'the file could not be read'}`;
  note.hidden = note.textContent === '';
  if (!schema) return;
  const head = table.createTHead().insertRow();
  for (const title of ['Column', 'Type', 'Nulls']) {
    const th = document.createElement('th');
    th.textContent = title;
    head.append(th);
  }
  const body = table.createTBody();
  for (const { name, type, nulls } of schema) {
    const row = body.insertRow();
    for (const [text, className] of [[name, 'name'], [type, `type type-${type}`], [nulls.toLocaleString('en-US'), 'num']]) {
      const td = row.insertCell();
      td.textContent = text;
      td.className = className;
    }
  }
}
