"""Closing-note figures for the Python door, measured side by side in one run:

    python tests/python/measure.py [ROWS]      # CPython with the native wheel installed

measures, in this CPython and inside Pyodide 0.29 and 314 (through run_in_pyodide.mjs, which
runs this same file there with --one): the seed job on ROWS (default 1,000,000) generated rows
via csv_kernels.process_csv vs the pure-Python csv-module version (benches/seed_job.py), and
first_n(5000) vs the seed's pure-Python trial division (benches/first_n.py); then the wheel
sizes. Prints a markdown report. Timings are the best of a few runs, in the same process."""
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
from conftest import load_bench_module  # noqa: E402


def best_of(repeats, call):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def measure_here(rows):
    """Measurements in this interpreter; returns a dict (printed as JSON inside Pyodide)."""
    import csv_kernels

    seed, pure_first_n = load_bench_module("seed_job"), load_bench_module("first_n")
    work = Path(tempfile.mkdtemp())  # MEMFS inside Pyodide: no host I/O in the timings
    source = work / "integers.csv"
    load_bench_module("gen_data").integers(rows, str(source))
    rust_out, python_out = str(work / "rust.csv"), str(work / "python.csv")
    interpreter = f"{platform.python_implementation()} {platform.python_version()}"
    if sys.platform == "emscripten":
        import pyodide

        interpreter = f"Pyodide {pyodide.__version__} (Python {platform.python_version()}, Node)"
    result = {
        "interpreter": interpreter,
        "rows": rows,
        "input_mb": source.stat().st_size / 1e6,
        "seed_rust_s": best_of(3, lambda: csv_kernels.process_csv(str(source), rust_out)),
        "seed_python_s": best_of(1, lambda: seed.seed_job(str(source), python_out)),
        "first_n_rust_s": best_of(20, lambda: csv_kernels.first_n(5000)),
        "first_n_python_s": best_of(5, lambda: pure_first_n.first_n(5000)),
    }
    result["seed_identical"] = Path(rust_out).read_bytes() == Path(python_out).read_bytes()
    result["first_n_identical"] = csv_kernels.first_n(5000) == pure_first_n.first_n(5000)
    return result


def wheel_sizes():
    lines = ["| wheel | file | extension module | gzipped module |", "|---|---:|---:|---:|"]
    for wheel in sorted((REPO / "dist").glob("csv_kernels-*.whl")):
        with zipfile.ZipFile(wheel) as z:
            module = next(n for n in z.namelist() if n.endswith(".so"))
            data = z.read(module)
        lines.append(f"| {wheel.name} | {wheel.stat().st_size / 1024:.0f} KiB | "
                     f"{len(data) / 1024:.0f} KiB | {len(gzip.compress(data, 9)) / 1024:.0f} KiB |")
    return lines


def report(results):
    lines = ["| interpreter | seed job: process_csv | seed job: pure Python | speed-up | "
             "first_n(5000): Rust | first_n(5000): pure Python | speed-up | same output |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        lines.append(
            f"| {r['interpreter']} | {r['seed_rust_s']:.3f} s | {r['seed_python_s']:.2f} s | "
            f"{r['seed_python_s'] / r['seed_rust_s']:.0f}x | {r['first_n_rust_s'] * 1e3:.3f} ms | "
            f"{r['first_n_python_s'] * 1e3:.1f} ms | {r['first_n_python_s'] / r['first_n_rust_s']:.0f}x | "
            f"{'yes' if r['seed_identical'] and r['first_n_identical'] else 'NO'} |")
    return lines


def main():
    if sys.argv[1:2] == ["--one"]:
        print("MEASURE " + json.dumps(measure_here(int(sys.argv[2]))))
        return 0
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    results = [measure_here(rows)]
    for version in ["0.29", "314"]:
        done = subprocess.run(
            ["node", str(HERE / "run_in_pyodide.mjs"), version, "script", str(Path(__file__)), "--one", str(rows)],
            cwd=REPO, capture_output=True, text=True)
        found = [l for l in done.stdout.splitlines() if l.startswith("MEASURE ")]
        if done.returncode != 0 or not found:
            print(done.stdout, done.stderr, file=sys.stderr)
            raise SystemExit(f"Pyodide {version} run failed")
        results.append(json.loads(found[-1][len("MEASURE "):]))
    print(f"Seed job on {rows:,} generated rows ({results[0]['input_mb']:.1f} MB, "
          "benches/gen_data.py integers), best of 3 (Rust) / 1 (pure Python); first_n best of 20 / 5.")
    print("CPU:", platform.processor() or platform.machine(), f"({os.cpu_count()} cores, shared)\n")
    print("\n".join(report(results)))
    print()
    print("\n".join(wheel_sizes()))
    return 0 if all(r["seed_identical"] and r["first_n_identical"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
