// The WASI command (dist/csv-kernels.wasm under `wasmtime run`) against the native CLI: every
// golden case and the other commands give the same stdout, stderr and exit status, and the
// resource limits documented in edge/README.md stop a runaway job cleanly.
// Needs `bash scripts/build-edge.sh wasi` first (scripts/test-edge.sh does it).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT, assertRanEveryCase, loadCases, cliArgs, statsMessage } from './cases.mjs';

const WASM = join(ROOT, 'dist/csv-kernels.wasm');
const NATIVE = join(ROOT, 'target/release/csv-kernels');
// Compiled modules are cached inside the project, not in the user's home.
const ENV = { ...process.env, XDG_CACHE_HOME: join(ROOT, '.cache'), RUST_BACKTRACE: '0' };
const MAX_BUFFER = 256 << 20;
// What wasmtime exits with when the guest traps (out of memory, fuel or time) on Unix.
const TRAP_EXIT = 134;

// stdin comes from a file, as with `< in.csv`: a command that stops reading early (a limit,
// a trap) must not turn into an EPIPE on our side.
const STDIN_DIR = mkdtempSync(join(tmpdir(), 'csv-kernels-stdin-'));
after(() => rmSync(STDIN_DIR, { recursive: true, force: true }));

function run(command, args, input = Buffer.alloc(0), cwd = undefined) {
  const path = join(STDIN_DIR, 'stdin');
  writeFileSync(path, input);
  const fd = openSync(path, 'r');
  try {
    const r = spawnSync(command, args, { stdio: [fd, 'pipe', 'pipe'], env: ENV, maxBuffer: MAX_BUFFER, cwd });
    if (r.error) throw r.error; // a missing wasmtime fails the suite, it is never skipped
    return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
  } finally {
    closeSync(fd);
  }
}

const native = (args, input, cwd) => run(NATIVE, args, input, cwd);
const wasi = (args, input, flags = []) => run('wasmtime', ['run', ...flags, WASM, ...args], input);

test('the artifacts exist', () => {
  assert.ok(existsSync(WASM), `${WASM} missing: run scripts/build-edge.sh wasi`);
  assert.ok(existsSync(NATIVE), `${NATIVE} missing: run scripts/build-edge.sh wasi`);
  assert.match(run('wasmtime', ['--version']).stdout.toString(), /^wasmtime 48\./);
});

test('golden cases: wasmtime run equals the native CLI and the expected bytes', async (t) => {
  // Every case, joins included: like tests/cli.rs, the native CLI runs in the case's folder,
  // where the tables its joins name lie, and the guest gets that folder as its working
  // directory (`--dir FOLDER::.`), so `join (cities.csv)` opens the same file in both.
  const ran = [];
  for (const c of loadCases()) {
    await t.test(c.name, () => {
      ran.push(c.name);
      const args = cliArgs(c);
      const want = native(args, c.input, c.dir);
      const got = wasi(args, c.input, ['--dir', `${c.dir}::.`]);
      assert.equal(got.stderr, want.stderr, 'stderr');
      assert.equal(got.status, want.status, 'exit status');
      assert.ok(got.stdout.equals(want.stdout), 'stdout differs from native');
      if (c.error) {
        const { kind, line, column } = c.error;
        assert.equal(got.status, 2);
        const at = line > 0 ? `line ${line}, column ${column}: ` : ''; // line 0: no place
        assert.ok(got.stderr.startsWith(`error: ${at}${kind}: `), got.stderr);
      } else {
        assert.equal(got.status, 0, got.stderr);
        assert.ok(got.stdout.equals(c.output), 'stdout differs from expected');
        if (c.stats) assert.equal(got.stderr, statsMessage(c.stats));
      }
    });
  }
  assertRanEveryCase('WASI command (wasmtime run)', ran);
});

test('a join case reads its table only through the preopened folder', () => {
  const c = loadCases().find((c) => c.name === 'join-inner');
  assert.deepEqual(c.tables, ['cities.csv']);
  const args = cliArgs(c);
  const granted = wasi(args, c.input, ['--dir', `${c.dir}::.`]);
  assert.equal(granted.status, 0, granted.stderr);
  assert.ok(granted.stdout.equals(c.output), 'stdout differs from expected');
  // Without the folder the guest sees no table, as the native CLI does in a folder without it.
  const empty = mkdtempSync(join(tmpdir(), 'csv-kernels-no-table-'));
  try {
    const want = native(args, c.input, empty);
    const denied = wasi(args, c.input);
    assert.equal(want.status, 2);
    assert.match(want.stderr, /^error: line 1, column 7: invalid_option: join: no second input named 'cities\.csv'/);
    assert.deepEqual(
      { status: denied.status, stderr: denied.stderr, stdout: denied.stdout.toString('latin1') },
      { status: want.status, stderr: want.stderr, stdout: want.stdout.toString('latin1') },
    );
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test('other commands, help and usage errors match native', async (t) => {
  const input = Buffer.from('id,value\n1,145\n2,x\n3,40585\n');
  const commands = [
    ['--help'],
    ['--version'],
    ['run', '--help'],
    ['profile', '-h'],
    ['primes', '5000'],
    ['primes', '-3'],
    ['primes', '300000000'],
    ['digit-factorial-sum', '--column', 'value'],
    ['digit-factorial-sum', '--column', 'value', '--on-error', 'null', '--as', 'dfs', '--crlf'],
    ['run', 'derive p = is_prime(value)', '--on-error', 'skip'],
    ['frobnicate'],
    ['run'],
    ['run', 'limit 1', '--bogus', 'x'],
    ['run', 'limit 1', '--delimiter', 'ab'],
  ];
  for (const args of commands) {
    await t.test(args.join(' '), () => {
      const want = native(args, input);
      const got = wasi(args, input);
      assert.deepEqual(
        { status: got.status, stderr: got.stderr, stdout: got.stdout.toString('latin1') },
        { status: want.status, stderr: want.stderr, stdout: want.stdout.toString('latin1') },
      );
    });
  }
});

test('--input/--output files through a preopened directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'csv-kernels-wasi-'));
  try {
    writeFileSync(join(dir, 'in.csv'), 'id,value\n1,145\n2,7\n');
    const args = (base) => ['run', 'derive d = is_prime(value)', '--input', `${base}/in.csv`, '--output', `${base}/out.csv`];
    const got = wasi(args('/data'), undefined, ['--dir', `${dir}::/data`]);
    assert.equal(got.status, 0, got.stderr);
    assert.equal(readFileSync(join(dir, 'out.csv'), 'utf8'), 'id,value,d\n1,145,false\n2,7,true\n');
    // Without a preopen the guest sees no file system: an I/O error, exit 1 as natively.
    const denied = wasi(['profile', '--input', `${dir}/in.csv`]);
    assert.equal(denied.status, 1);
    assert.match(denied.stderr, /^error: .*in\.csv: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a large stream runs in a small memory limit (memory stays flat)', () => {
  const rows = Array.from({ length: 200_000 }, (_, i) => `${i},${i * 7919}`).join('\n');
  const input = Buffer.from(`id,value\n${rows}\n`);
  const args = ['run', 'derive d = digit_factorial_sum(value) | where d > 1000'];
  const got = wasi(args, input, ['-W', 'max-memory-size=16777216']);
  const want = native(args, input);
  assert.equal(got.status, 0, got.stderr);
  assert.ok(got.stdout.equals(want.stdout));
});

test('over the memory limit: the run traps cleanly', () => {
  // One 12 MB field is within the default max_field_bytes but not within 8 MiB of memory.
  const input = Buffer.concat([Buffer.from('a,b\n1,'), Buffer.alloc(12_000_000, 'x'), Buffer.from('\n')]);
  const got = wasi(['run', 'limit 5'], input, ['-W', 'max-memory-size=8388608']);
  assert.equal(got.status, TRAP_EXIT);
  assert.match(got.stderr, /^memory allocation of \d+ bytes failed\n/);
  assert.match(got.stderr, /wasm trap: wasm `unreachable` instruction executed/);
  // What was complete before the trap (the header) is out, as with any streaming failure.
  assert.equal(got.stdout.toString(), 'a,b\n');
});

test('over the time limit: the run is interrupted', () => {
  const got = wasi(['primes', '200000000'], undefined, ['-W', 'timeout=100ms']);
  assert.equal(got.status, TRAP_EXIT);
  assert.match(got.stderr, /wasm trap: interrupt/);
  // primes streams its output: what was written before the interrupt is the list's beginning.
  const head = got.stdout.toString();
  assert.ok(head === '' || head.startsWith('2\n3\n5\n7\n11\n'), head.slice(0, 40));
});

test('out of fuel: the run stops deterministically', () => {
  const got = wasi(['primes', '100000'], undefined, ['-W', 'fuel=1000000']);
  assert.equal(got.status, TRAP_EXIT);
  assert.match(got.stderr, /wasm trap: all fuel consumed by WebAssembly/);
  const enough = wasi(['primes', '10'], undefined, ['-W', 'fuel=10000000']);
  assert.equal(enough.stdout.toString(), '2\n3\n5\n7\n11\n13\n17\n19\n23\n29\n');
});

test('a closed output (| head) ends the WASI command quietly, as natively', () => {
  // wasmtime gives the guest EIO, not EPIPE, for a pipe whose reader left; the CLI reads it
  // as a closed output there, so the pipeline below succeeds under pipefail with no message.
  const script = 'set -o pipefail; "$@" primes 10000000 | head -n 2';
  for (const command of [[NATIVE], ['wasmtime', 'run', WASM]]) {
    const r = spawnSync('bash', ['-c', script, 'sh', ...command], { env: ENV, maxBuffer: MAX_BUFFER });
    assert.equal(r.stderr.toString(), '', command[0]);
    assert.equal(r.status, 0, command[0]);
    assert.equal(r.stdout.toString(), '2\n3\n');
  }
});
