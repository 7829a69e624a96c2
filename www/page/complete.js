// The pipeline editor's helpers: completion of step, function, aggregate and column names (all
// from the core's registry and the file's header, none kept here), and the spec error marked
// at its line and column in a copy of that line under the textarea.
import { quoteColumn } from './pkg/csv_kernels_web.js';

const MAX_SHOWN = 8;
let textarea;
let listbox;
let onChange;
let stepWords = [];
let exprWords = [];
let columnWords = [];
/** The open list: its items and which is active; the word being completed. */
let items = [];
let active = 0;
let word = null;

/** `language` is the core's registry (steps, functions, aggregates). */
export function setupCompletion(area, list, language, changed) {
  textarea = area;
  listbox = list;
  onChange = changed;
  stepWords = [...new Set(language.steps.flatMap((s) => [s.name, ...s.aliases]))].map((name) => ({ text: name, kind: 'step' }));
  exprWords = [
    ...language.functions.map((f) => ({ text: f.name, kind: 'function', call: true, doc: f.signature })),
    ...language.aggregates.map((a) => ({ text: a.name, kind: 'aggregate', call: true, doc: `${a.name}(${a.params.join(', ')})` })),
  ];
  textarea.addEventListener('input', () => {
    update();
    onChange();
  });
  textarea.addEventListener('keydown', keydown);
  textarea.addEventListener('blur', () => close());
  // A pointer pick: mousedown, so the textarea keeps its focus (no blur closes the list first).
  listbox.addEventListener('mousedown', (event) => {
    const li = event.target.closest('li');
    if (!li) return;
    event.preventDefault();
    accept(Number(li.dataset.index));
  });
}

export function setCompletionColumns(columns) {
  columnWords = columns.filter((c) => c !== '').map((c) => ({ text: quoteColumn(c), kind: 'column' }));
}

/** The word before the caret and whether it starts a step (first in the spec or after a `|`). */
function wordAtCaret() {
  const caret = textarea.selectionStart;
  if (caret !== textarea.selectionEnd) return null;
  const before = textarea.value.slice(0, caret);
  const match = /[A-Za-z_][A-Za-z0-9_]*$/.exec(before);
  if (!match) return null;
  const lead = before.slice(0, match.index).replace(/[ \t]+$/, '');
  const stepStart = lead.trim() === '' || /[|\n]$/.test(lead);
  return { start: match.index, end: caret, prefix: match[0], stepStart };
}

function update() {
  word = wordAtCaret();
  if (!word) return close();
  const pool = word.stepStart ? stepWords : [...columnWords, ...exprWords];
  const prefix = word.prefix.toLowerCase();
  items = pool.filter((w) => w.text.toLowerCase().startsWith(prefix) && w.text !== word.prefix).slice(0, MAX_SHOWN);
  if (items.length === 0) return close();
  active = 0;
  render();
}

function render() {
  listbox.replaceChildren(...items.map((item, i) => {
    const li = document.createElement('li');
    li.id = `completion-${i}`;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', String(i === active));
    li.dataset.index = i;
    const name = document.createElement('span');
    name.textContent = item.call ? `${item.text}(` : item.text;
    const kind = document.createElement('span');
    kind.className = 'muted';
    kind.textContent = item.doc ?? item.kind;
    li.append(name, kind);
    return li;
  }));
  listbox.hidden = false;
  textarea.setAttribute('aria-activedescendant', `completion-${active}`);
}

function close() {
  items = [];
  listbox.hidden = true;
  listbox.replaceChildren();
  textarea.removeAttribute('aria-activedescendant');
}

function keydown(event) {
  if (listbox.hidden) return;
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    active = (active + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
    render();
  } else if (event.key === 'Enter' || event.key === 'Tab') {
    event.preventDefault();
    accept(active);
  } else if (event.key === 'Escape') {
    event.preventDefault();
    close();
  }
}

/** Replaces the word at the caret with the item: a call gets its `(`, a step word a space. */
function accept(index) {
  const item = items[index];
  if (!item || !word) return close();
  const text = item.text + (item.call ? '(' : item.kind === 'step' ? ' ' : '');
  const value = textarea.value;
  textarea.value = value.slice(0, word.start) + text + value.slice(word.end);
  const caret = word.start + text.length;
  textarea.setSelectionRange(caret, caret);
  close();
  onChange();
}

/**
 * Shows the spec's line `line` under the textarea with the token at `column` (1-based, in
 * characters) underlined; the textarea is marked invalid. Without a position, nothing is shown.
 */
export function markSpecError(spec, line, column) {
  const marks = document.getElementById('spec-marks');
  const text = spec.split('\n')[line - 1];
  if (!(line > 0 && column > 0) || text === undefined) return clearSpecMark();
  const chars = [...text];
  const at = Math.min(column - 1, chars.length);
  // The token: up to the next space or punctuation that ends a word; one character at least.
  let end = at;
  while (end < chars.length && /[\p{L}\p{N}_`"'#.-]/u.test(chars[end])) end++;
  if (end === at) end = at + 1;
  const mark = document.createElement('mark');
  mark.className = 'spec-error-at';
  mark.textContent = chars.slice(at, end).join('') || ' ';
  const gutter = document.createElement('span');
  gutter.className = 'muted';
  gutter.textContent = `${line} │ `;
  marks.replaceChildren(gutter, chars.slice(0, at).join(''), mark, chars.slice(end).join(''));
  marks.hidden = false;
  textarea.setAttribute('aria-invalid', 'true');
}

export function clearSpecMark() {
  const marks = document.getElementById('spec-marks');
  marks.hidden = true;
  marks.replaceChildren();
  textarea?.removeAttribute('aria-invalid');
}
