"""`npm run bench [-- --quick]`: every contender, side by side, on the same generated files.
Writes benches/REPORT.md (median, min, max, ratio to each group's baseline, machine) and
benches/report.png. Run through benches/run.sh, which installs the baselines and builds first.

Timings are medians of repeated runs. "process" timings are whole runs of a command (what a
user of a CLI waits for); "in-process" timings exclude interpreter start-up and imports (what a
notebook user waits for), reported by the child itself after a warm-up run."""
import argparse
import filecmp
import gzip
import json
import os
import subprocess
import sys
import time

import blocking_groups
import engine_groups
import scaleout_groups
import harness
from harness import Skipped
import report

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.path.join(ROOT, ".cache", "bench")
PY = os.path.join(ROOT, ".venv", "bin", "python")
CLI = os.path.join(ROOT, "target", "release", "csv-kernels")
WASI = os.path.join(ROOT, "dist", "csv-kernels.wasm")
BENCH_ENV = dict(os.environ, PYTHONPATH=os.pathsep.join([os.path.join(ROOT, "benches"), os.path.join(CACHE, "cython")]))


class Bench:
    def __init__(self, quick):
        self.quick = quick
        self.repeats = 3 if quick else 5
        self.results = []

    def measure(self, group, name, timing, fn, baseline=False, note="", output=None, reference=None):
        """Runs fn() -> list of seconds and records it; a failure is recorded, never hidden."""
        print(f"  {group}: {name} ...", flush=True)
        row = {"group": group, "name": name, "timing": timing, "baseline": baseline, "note": note}
        try:
            row["summary"] = harness.summary(fn())
            if output and reference:
                row["same_bytes"] = filecmp.cmp(output, reference, shallow=False)
        except Skipped as why:
            row["skipped"] = str(why)
        except Exception as e:  # noqa: BLE001 - the report shows what broke
            row["error"] = str(e)[:300]
        self.results.append(row)
        return row


def data_files(quick):
    os.makedirs(CACHE, exist_ok=True)
    rows = 200_000 if quick else 1_000_000
    megabytes = 20 if quick else 100
    integers = os.path.join(CACHE, f"integers-{rows}.csv")
    mixed = os.path.join(CACHE, f"mixed-{megabytes}mb.csv")
    for path, args in [(integers, ["integers", str(rows)]), (mixed, ["mixed", str(megabytes)])]:
        if not os.path.exists(path):
            print(f"generating {path}", flush=True)
            subprocess.run([sys.executable, os.path.join(ROOT, "benches", "gen_data.py"), *args, path + ".tmp"], check=True)
            os.replace(path + ".tmp", path)
    return rows, integers, megabytes, mixed


def in_process(script, *args):
    return lambda repeats: harness.time_in_process([PY, os.path.join(ROOT, "benches", script), *args], repeats, env=BENCH_ENV)


def node(script, *args):
    return lambda repeats: harness.time_in_process(["node", os.path.join(ROOT, "benches", script), *args], repeats)


def skip(reason):
    raise Skipped(reason)


def need(path, how):
    if not os.path.exists(path):
        raise Skipped(f"{os.path.relpath(path, ROOT)} missing ({how})")


def seed_group(b, rows, src):
    group = f"seed job, {rows:,} rows"
    out = lambda name: os.path.join(CACHE, f"seed-{name}.csv")  # noqa: E731
    reference = out("python")
    r = b.repeats
    b.measure(group, "Python csv module (seed code)", "in-process", lambda: in_process("py_seed.py", "pure", src, reference)(r), baseline=True)
    b.measure(group, "csv-kernels CLI (native)", "process",
              lambda: [harness.run_process([CLI, "digit-factorial-sum", "--column", "value"], src, out("cli")) for _ in range(r)],
              output=out("cli"), reference=reference)
    b.measure(group, "csv-kernels CLI --input/--output (native)", "process",
              lambda: [harness.run_process([CLI, "digit-factorial-sum", "--column", "value", "--input", src, "--output", out("cli-file")])
                       for _ in range(r)],
              output=out("cli-file"), reference=reference,
              note="writes over the last run's output in place (README: --output); the row above writes to stdout, a file the harness empties first")
    # Wasm has no threads: this row is the native side of "wasm within 1.3x of native".
    b.measure(group, "csv-kernels CLI (native, one thread)", "process",
              lambda: [harness.run_process([CLI, "digit-factorial-sum", "--column", "value", "--threads", "1"], src, out("cli-t1"))
                       for _ in range(r)],
              output=out("cli-t1"), reference=reference)
    b.measure(group, "csv_kernels.process_csv (CPython)", "in-process", lambda: in_process("py_seed.py", "process_csv", src, out("pyo3"))(r),
              output=out("pyo3"), reference=reference)
    b.measure(group, "csv-kernels Job (Node wasm)", "in-process", lambda: node("node_bench.mjs", "seed", src, out("node"))(r),
              output=out("node"), reference=reference)
    b.measure(group, "csv-kernels WASI (wasmtime)", "process", lambda: wasi_seed(src, out("wasi"), r), output=out("wasi"), reference=reference,
              note="includes wasmtime start-up and module compilation")
    for version in ("0.29", "314"):
        b.measure(group, f"process_csv in Pyodide {version} (Node)", "in-process",
                  lambda v=version: node("pyodide_bench.mjs", v, "seed-wheel", src, out(f"pyodide-{v}"))(r),
                  output=out(f"pyodide-{version}"), reference=reference)
        b.measure(group, f"Python csv module in Pyodide {version} (Node)", "in-process",
                  lambda v=version: node("pyodide_bench.mjs", v, "seed-pure", src, out(f"pyodide-pure-{v}"))(r),
                  output=out(f"pyodide-pure-{version}"), reference=reference)
    b.measure(group, "pandas (vectorized)", "in-process", lambda: in_process("py_seed.py", "pandas", src, out("pandas"))(r),
              output=out("pandas"), reference=reference)
    b.measure(group, "Polars (vectorized)", "in-process", lambda: in_process("py_seed.py", "polars", src, out("polars"))(r),
              output=out("polars"), reference=reference)


def wasi_seed(src, dst, repeats):
    need(WASI, "scripts/build-edge.sh")
    argv = ["wasmtime", "run", WASI, "digit-factorial-sum", "--column", "value"]
    return [harness.run_process(argv, src, dst) for _ in range(repeats)]


def first_n_group(b):
    counts = [5_000] if b.quick else [5_000, 1_000_000]
    for count in counts:
        group = f"first_n({count:,})"
        r = b.repeats
        slow = count > 100_000
        if slow:
            b.measure(group, "Python trial division (seed code)", "in-process",
                      lambda: skip("takes minutes at this count; ratios here are to Cython"))
        else:
            b.measure(group, "Python trial division (seed code)", "in-process", lambda c=count: in_process("py_first_n.py", "pure", str(c))(r), baseline=True)
        b.measure(group, "Cython trial division", "in-process", lambda c=count: in_process("py_first_n.py", "cython", str(c))(r), baseline=slow)
        b.measure(group, "csv_kernels.first_n (CPython)", "in-process", lambda c=count: in_process("py_first_n.py", "csv_kernels", str(c))(r),
                  note="includes building the list of Python ints (the previous call's list is freed before "
                       "the timer); the sieve alone is criterion's first_n row")
        b.measure(group, "firstN (Node wasm)", "in-process", lambda c=count: node("node_bench.mjs", "first_n", str(c))(r))
        for version in ("0.29", "314"):
            b.measure(group, f"csv_kernels.first_n in Pyodide {version}", "in-process",
                      lambda c=count, v=version: node("pyodide_bench.mjs", v, "first_n", str(c))(r))


def parse_group(b, megabytes, src):
    group = f"parse + profile, {megabytes} MB mixed CSV"
    r = b.repeats
    b.measure(group, "Python csv module (read rows)", "in-process", lambda: in_process("py_parse.py", src)(r), baseline=True)
    b.measure(group, "csv-kernels profile CLI (native)", "process",
              lambda: [harness.run_process([CLI, "profile", "--input", src]) for _ in range(r)])
    b.measure(group, "csv-kernels profile (Node wasm)", "in-process", lambda: node("node_bench.mjs", "profile", src)(r))
    b.measure(group, "csv-kernels parse + count rows (Node wasm)", "in-process", lambda: node("node_bench.mjs", "count", src)(r),
              note="the parser alone, as the uDSV and Papa Parse rows: `aggregate n = count()` over streamed chunks")
    b.measure(group, "Papa Parse (Node)", "in-process", lambda: node("node_bench.mjs", "papaparse", src)(r))
    b.measure(group, "uDSV (Node)", "in-process", lambda: node("node_bench.mjs", "udsv", src)(r),
              note="uDSV, the fastest JS CSV parser: string rows from streamed text chunks, none kept")
    b.measure(group, "xsv stats", "process", lambda: [harness.run_process(["xsv", "stats", src]) for _ in range(r)],
              note="xsv stats also computes its own statistics")


def memory_group(b, megabytes, src):
    """Peak RSS of the native CLI streaming `copies` concatenated copies of the mixed file."""
    group = "peak memory (RSS) of the native CLI"
    pipeline = "derive d = digit_factorial_sum(value) | where d > 100000"
    for copies in (1, 10):
        feed = ["sh", "-c", f'cat "$0"; i=1; while [ $i -lt {copies} ]; do tail -n +2 "$0"; i=$((i+1)); done', src]
        row = {"group": group, "name": f"{megabytes * copies} MB input", "timing": "memory", "baseline": copies == 1, "note": ""}
        try:
            row["rss_mib"] = harness.peak_rss_mib([CLI, "run", pipeline], stdin_argv=feed)
        except Exception as e:  # noqa: BLE001
            row["error"] = str(e)[:300]
        print(f"  {group}: {row['name']} -> {row.get('rss_mib', row.get('error'))}", flush=True)
        b.results.append(row)


def criterion_results(quick):
    """Runs the Rust micro-benchmarks (benches/micro) and reads criterion's own estimates."""
    argv = ["cargo", "bench", "-q", "-p", "csv-kernels-micro", "--bench", "core", "--"] + (["--quick"] if quick else [])
    print("  criterion micro-benchmarks ...", flush=True)
    subprocess.run(argv, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    rows = []
    for dirpath, _, files in sorted(os.walk(os.path.join(ROOT, "target", "criterion"))):
        if os.path.basename(dirpath) == "new" and "estimates.json" in files:
            with open(os.path.join(dirpath, "benchmark.json")) as f:
                meta = json.load(f)
            with open(os.path.join(dirpath, "estimates.json")) as f:
                est = json.load(f)["median"]
            rows.append({"name": meta["full_id"], "median_ns": est["point_estimate"],
                         "low_ns": est["confidence_interval"]["lower_bound"], "high_ns": est["confidence_interval"]["upper_bound"],
                         "bytes": (meta.get("throughput") or {}).get("Bytes")})
    return rows


def sizes():
    def size(path):
        if not os.path.exists(path):
            return None
        with open(path, "rb") as f:
            data = f.read()
        return len(data), len(gzip.compress(data, 9))

    rows = []
    pkg = os.path.join(ROOT, "www", "pkg")
    wasm = [f for f in os.listdir(pkg) if f.endswith("_bg.wasm")] if os.path.isdir(pkg) else []
    rows.append(("web wasm (wasm-bindgen, wasm-opt)", size(os.path.join(pkg, wasm[0])) if wasm else None))
    rows.append(("WASI command (wasm32-wasip1)", size(WASI)))
    rows.append(("native CLI (x86_64)", size(CLI)))
    dist = os.path.join(ROOT, "dist")
    for f in sorted(os.listdir(dist)) if os.path.isdir(dist) else []:
        if f.endswith(".whl"):
            rows.append((f"wheel {f}", size(os.path.join(dist, f))))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller inputs and fewer runs (under 3 minutes)")
    args = parser.parse_args()
    started = time.time()
    b = Bench(args.quick)
    rows, integers, megabytes, mixed = data_files(args.quick)
    seed_group(b, rows, integers)
    engine_groups.run(b, in_process, args.quick)
    blocking_groups.run(b, in_process, args.quick)
    scaleout_groups.run(b, in_process, args.quick)
    first_n_group(b)
    parse_group(b, megabytes, mixed)
    memory_group(b, megabytes, mixed)
    micro = criterion_results(args.quick)
    elapsed = time.time() - started
    extra = {"mixed_mb": os.path.getsize(mixed) / 1e6, "criterion": micro}
    path = report.write(ROOT, b.results, sizes(), harness.machine(), args.quick, elapsed, extra)
    with open(os.path.join(CACHE, "results.json"), "w") as f:
        json.dump({"results": b.results, "extra": extra}, f, indent=1)
    print(f"wrote {path} in {elapsed:.0f} s")


if __name__ == "__main__":
    main()
