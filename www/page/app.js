// The page's main thread: takes a file (drop, picker or sample), asks a worker for its
// columns, proposes a pipeline, then hands the file to two workers (the job, and the input's
// profile, in parallel) and shows what comes back. No CSV byte is processed here.
import { setupBuilder, setColumns, currentOptions, currentPipeline, proposePipeline, setPipeline } from './builder.js';
import { renderPreview, renderSummary, formatBytes, formatCount } from './render.js';
import { renderProfile } from './profile.js';
import { decoratePreview, setupActions } from './actions.js';
import { renderGroupChart } from './chart.js';
import { applyReadingOptions, renderSchema, renderSniffed } from './filecard.js';
import { markSpecError } from './complete.js';

const $ = (id) => document.getElementById(id);
let worker = null;
let profileWorker = null;
let currentFile = null;
let downloadUrl = null;
let inputColumns = [];
/** The input's columns with their types: the schema of the first megabyte, then the profile. */
let inputTypes = [];
/** What the current run still waits for: 'job' and/or 'profile'. */
const pending = new Set();
let jobFailed = false;

function startWorkers() {
  worker?.terminate();
  profileWorker?.terminate();
  pending.clear();
  const start = (handlers) => {
    const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    w.onmessage = ({ data }) => handlers[data.type]?.(data);
    w.onerror = (event) => showError({ message: `worker failed: ${event.message}`, line: 0 });
    return w;
  };
  worker = start(jobHandlers);
  profileWorker = start(profileHandlers);
}

const jobHandlers = {
  inspected: ({ sniffed, options, columns, schema, skipped, schemaError }) => {
    if (sniffed) {
      applyReadingOptions(options);
      renderSniffed(currentFile, sniffed);
    }
    renderSchema(schema, skipped, schemaError);
    inputTypes = schema ?? [];
    inputColumns = columns;
    setColumns(columns);
    proposePipeline(columns);
    runJob();
  },
  sample: ({ file }) => useFile(file),
  progress: ({ bytesRead, size, rows, seconds }) => showProgress(bytesRead, size, rows, seconds),
  done: (result) => {
    showResult(result);
    settled('job');
  },
  error: ({ stage, error }) => {
    if (stage === 'inspect') {
      // The header could not be read; run anyway so the job reports the error with its line.
      inputColumns = [];
      setColumns([]);
      runJob();
      return;
    }
    jobFailed = true;
    showError(error);
    settled('job');
  },
};

const profileHandlers = {
  profiled: ({ profile, profileError }) => {
    renderProfile($('profile'), profile);
    if (profile) inputTypes = profile.columns;
    $('profile-note').textContent = profileError
      ? `could not profile: ${profileError.message}`
      : `${formatCount(profile.rows)} rows`;
    settled('profile');
  },
  error: ({ error }) => {
    $('profile-note').textContent = `could not profile: ${error.message}`;
    settled('profile');
  },
};

/** `done` only once the job and the profile have both come back. */
function settled(part) {
  pending.delete(part);
  $('cancel').hidden = pending.size === 0;
  if (jobFailed) return;
  if (pending.size === 0) setStatus('done', 'done');
  else if (!pending.has('job')) setStatus('running', 'profiling…');
}

/** A new file is sniffed; the same file read again (options changed) keeps the user's options. */
function useFile(file, sniff = true) {
  currentFile = file;
  $('file-info').textContent = `${file.name} · ${formatBytes(file.size)}`;
  $('file-info').classList.remove('muted');
  $('run').disabled = false;
  if (pending.size > 0) startWorkers(); // a new file replaces the run under way
  setStatus('reading', 'reading header…');
  worker.postMessage({ type: 'inspect', file, options: currentOptions(), sniff });
}

function runJob() {
  if (!currentFile) return;
  if (pending.size > 0) startWorkers();
  resetOutput();
  setStatus('running', 'running');
  const options = currentOptions();
  pending.add('job');
  $('cancel').hidden = false;
  worker.postMessage({ type: 'process', file: currentFile, pipeline: currentPipeline(), options });
  if ($('opt-profile').checked) {
    pending.add('profile');
    $('profile-note').textContent = 'profiling…';
    profileWorker.postMessage({ type: 'profile', file: currentFile, options });
  } else {
    $('profile-note').textContent = 'off';
  }
}

function resetOutput() {
  jobFailed = false;
  $('error').hidden = true;
  $('summary').hidden = true;
  $('download').hidden = true;
  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = null;
  $('progress').value = 0;
  $('rate').textContent = '';
  $('progress-text').textContent = 'Starting…';
  renderPreview($('preview'), []);
  renderProfile($('profile'), null);
  renderGroupChart($('group-chart'), [], '', 0);
  $('preview-note').textContent = '';
}

function showProgress(bytesRead, size, rows, seconds) {
  $('progress').value = size ? bytesRead / size : 0;
  // Time left at the rate so far: the reading rate is steady once the first chunks are in.
  const left = bytesRead > 0 && seconds > 0.5 ? ((size - bytesRead) * seconds) / bytesRead : null;
  $('progress-text').textContent = `${formatBytes(bytesRead)} of ${formatBytes(size)}` +
    (left === null ? '' : ` · about ${formatDuration(left)} left`);
  $('rate').textContent = seconds > 0 ? `${formatCount(rows / seconds)} rows/s` : '';
}

function formatDuration(seconds) {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.ceil(seconds - minutes * 60)} s`;
}

/** Stops the run at once: the workers are terminated mid-chunk, whatever they are doing. */
function cancelRun() {
  startWorkers();
  $('cancel').hidden = true;
  $('progress-text').textContent = 'Cancelled.';
  $('rate').textContent = '';
  setStatus('cancelled', 'cancelled');
}

function showResult(result) {
  const { stats, seconds, blob, size } = result;
  $('progress').value = 1;
  $('progress-text').textContent = `${formatBytes(size)} in ${seconds.toFixed(2)} s`;
  $('rate').textContent = `${formatCount(stats.rowsIn / Math.max(seconds, 1e-6))} rows/s`;
  downloadUrl = URL.createObjectURL(blob);
  const link = $('download');
  link.href = downloadUrl;
  link.download = result.name.replace(/(\.[^.]*)?$/, `.result.${result.format}`);
  link.textContent = `Download result (${formatBytes(blob.size)})`;
  link.hidden = false;
  renderSummary($('summary'), result);
  renderPreview($('preview'), result.preview);
  // Quick actions refer to columns by name: a file without a header has none to write.
  if (result.preview.length > 0 && $('opt-header').checked) decoratePreview($('preview'), result.preview, currentPipeline());
  renderGroupChart($('group-chart'), result.preview, result.pipeline, stats.rowsOut);
  // A step is added at the end of the pipeline, where the result's columns (derived ones
  // included) are the ones to refer to; input columns follow for convenience.
  const outputColumns = result.preview[0] ?? [];
  setColumns([...outputColumns, ...inputColumns.filter((c) => !outputColumns.includes(c))]);
  $('preview-note').textContent = `first ${Math.max(result.preview.length - 1, 0)} of ${formatCount(stats.rowsOut)} rows`;
}

function showError(error) {
  const box = $('error');
  box.replaceChildren();
  const title = document.createElement('strong');
  const where = error.isSpecError ? 'Pipeline error' : 'Input error';
  title.textContent = error.line > 0 ? `${where} at line ${error.line}, column ${error.column}` : where;
  const detail = document.createElement('div');
  detail.textContent = error.message;
  box.append(title, detail);
  if (error.isSpecError) markSpecError(currentPipeline(), error.line, error.column);
  box.hidden = false;
  $('progress-text').textContent = 'Stopped.';
  setStatus('error', 'error');
}

function setStatus(state, text) {
  const status = $('status');
  status.dataset.state = state;
  status.textContent = text;
}

function setupInputs() {
  const zone = $('drop-zone');
  for (const type of ['dragenter', 'dragover']) {
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      zone.classList.add('over');
    });
  }
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    const file = event.dataTransfer.files[0];
    if (file) useFile(file);
  });
  // A file dropped beside the zone must not make the browser navigate away to it.
  window.addEventListener('dragover', (event) => event.preventDefault());
  window.addEventListener('drop', (event) => event.preventDefault());
  $('file-input').addEventListener('change', (event) => {
    const file = event.target.files[0];
    if (file) useFile(file);
    event.target.value = '';
  });
  $('sample').addEventListener('click', () => {
    setStatus('reading', 'generating sample…');
    worker.postMessage({ type: 'sample', rows: 100_000 });
  });
  // The drop zone is a label for the hidden file input; from the keyboard it opens the picker too.
  zone.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    $('file-input').click();
  });
  $('run').addEventListener('click', runJob);
  $('cancel').addEventListener('click', cancelRun);
  // Other reading options change the columns themselves: read the header again, then run.
  for (const id of ['opt-delimiter', 'opt-quote', 'opt-header']) {
    $(id).addEventListener('change', () => currentFile && useFile(currentFile, false));
  }
  for (const id of ['opt-on-error', 'opt-profile', 'opt-format', 'opt-memory']) $(id).addEventListener('change', runJob);
  setupActions({
    spec: currentPipeline,
    setSpec: setPipeline,
    run: runJob,
    numericColumns: () => inputTypes.filter((c) => c.type === 'integer' || c.type === 'float').map((c) => c.name),
  });
}

/**
 * The package is built with wasm SIMD (128-bit). A browser without it could not even load the
 * module, so say so plainly instead of failing inside a worker. The bytes are the smallest
 * module that uses a SIMD instruction: () -> v128 { i8x16.splat(0) }.
 */
function wasmSimdSupported() {
  const probe = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7b, 3, 2, 1, 0, 0x0a, 8, 1, 6, 0, 0x41, 0, 0xfd, 0x0f, 0x0b];
  return typeof WebAssembly === 'object' && WebAssembly.validate(new Uint8Array(probe));
}

if (!wasmSimdSupported()) {
  showError({ message: 'This browser does not support WebAssembly SIMD, which csv-kernels needs. ' +
    'Chrome/Edge 91+, Firefox 89+ and Safari 16.4+ have it.', line: 0, kind: 'unsupported' });
  for (const el of document.querySelectorAll('button, input, select, textarea')) el.disabled = true;
  throw new Error('WebAssembly SIMD is not supported here');
}
startWorkers();
setupInputs();
await setupBuilder();
// Tests and scripts wait for this before dropping files.
document.documentElement.dataset.ready = 'true';
// `npm start` opens ...?sample, so the page shows results before any file is given.
if (new URLSearchParams(location.search).has('sample')) $('sample').click();
