"""The engine-speed groups of the bench (issue 9): pass-through and filter against xan and
DuckDB on three input shapes, the seed job on text-heavy data, and one thread against all cores
on a 1 GB file. Called from bench.py with its Bench object."""
import os
import subprocess
import sys
import time

import harness
from harness import Skipped

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.path.join(ROOT, ".cache", "bench")
CLI = os.path.join(ROOT, "target", "release", "csv-kernels")


def shape_file(shape, rows):
    """A generated input of one shape (benches/gen_data.py), cached by shape and size."""
    path = os.path.join(CACHE, f"{shape}-{rows}.csv")
    if not os.path.exists(path):
        print(f"generating {path}", flush=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "benches", "gen_data.py"), shape, str(rows), path + ".tmp"], check=True)
        os.replace(path + ".tmp", path)
    return path


def big_file(src, megabytes):
    """`src` repeated (header once) to about `megabytes`: a large input without a slow generator."""
    path = os.path.join(CACHE, f"{os.path.basename(src)[:-4]}-x{megabytes}mb.csv")
    if not os.path.exists(path):
        print(f"generating {path}", flush=True)
        with open(src, "rb") as f:
            header = f.readline()
            body = f.read()
        with open(path + ".tmp", "wb") as out:
            out.write(header)
            for _ in range(max(1, megabytes * 1_000_000 // len(body))):
                out.write(body)
        os.replace(path + ".tmp", path)
    return path


def have(tool):
    from shutil import which

    if not which(tool):
        raise Skipped(f"{tool} not installed (benches/run.sh installs it)")


def cli_threads_flag():
    """`--threads 1` once the CLI has the flag, so one-thread figures stay one thread."""
    help_text = subprocess.run([CLI, "run", "--help"], capture_output=True, text=True).stdout
    return ["--threads", "1"] if "--threads" in help_text else []


def process_runs(argv, repeats, src=None, dst=os.devnull):
    return [harness.run_process(argv, src, dst) for _ in range(repeats)]


def passthrough_groups(b, in_process, shapes):
    """Read every record and write it again, one thread: csv-kernels against xan `select '*'`."""
    for shape, src in shapes:
        size = os.path.getsize(src) / 1e6
        group = f"pass-through, {shape} shape ({size:.0f} MB)"
        out = lambda name, s=shape: os.path.join(CACHE, f"pass-{s}-{name}.csv")  # noqa: E731
        r = b.repeats

        def xan():
            have("xan")
            return process_runs(["xan", "select", "*", src], r, dst=out("xan"))

        b.measure(group, "xan 0.61 select '*'", "process", xan, baseline=True)
        b.measure(group, "csv-kernels run '' (native, one thread)", "process",
                  lambda: process_runs([CLI, "run", "", "--input", src, *cli_threads_flag()], r, dst=out("cli")),
                  output=out("cli"), reference=out("xan"))
        b.measure(group, "DuckDB read_csv + COPY (all cores)", "in-process",
                  lambda: in_process("py_duckdb.py", "passthrough", src, out("duckdb"))(r),
                  note="DuckDB quotes differently; its bytes are not compared")


def filter_group(b, in_process, shape, src):
    group = f"filter value > 500000, {shape} shape"
    out = lambda name: os.path.join(CACHE, f"filter-{shape}-{name}.csv")  # noqa: E731
    r = b.repeats

    def xan():
        have("xan")
        return process_runs(["xan", "filter", "value > 500000", src], r, dst=out("xan"))

    b.measure(group, "xan 0.61 filter", "process", xan, baseline=True)
    b.measure(group, "csv-kernels where value > 500000 (one thread)", "process",
              lambda: process_runs([CLI, "run", "where value > 500000", "--input", src, *cli_threads_flag()], r, dst=out("cli")),
              output=out("cli"), reference=out("xan"))
    b.measure(group, "DuckDB read_csv + WHERE + COPY (all cores)", "in-process",
              lambda: in_process("py_duckdb.py", "filter", src, out("duckdb"))(r),
              note="DuckDB quotes differently; its bytes are not compared")


def text_seed_group(b, in_process, src):
    group = "seed job, text shape"
    out = lambda name: os.path.join(CACHE, f"seed-text-{name}.csv")  # noqa: E731
    reference = out("python")
    r = b.repeats
    b.measure(group, "Python csv module (seed code)", "in-process", lambda: in_process("py_seed.py", "pure", src, reference)(r), baseline=True)
    b.measure(group, "csv-kernels CLI (native)", "process",
              lambda: process_runs([CLI, "digit-factorial-sum", "--column", "value"], r, src, out("cli")),
              output=out("cli"), reference=reference)
    b.measure(group, "csv-kernels CLI --input/--output (native)", "process",
              lambda: process_runs([CLI, "digit-factorial-sum", "--column", "value", "--input", src, "--output", out("cli-file")], r),
              output=out("cli-file"), reference=reference,
              note="writes over the last run's output in place (README: --output); the row above writes to stdout, a file the harness empties first")
    b.measure(group, "csv_kernels.process_csv (CPython)", "in-process", lambda: in_process("py_seed.py", "process_csv", src, out("pyo3"))(r),
              output=out("pyo3"), reference=reference)


def threads_group(b, src):
    """One thread against every core on about 1 GB: same bytes, and the speed-up."""
    size = os.path.getsize(src) / 1e9
    group = f"threads, seed job on {size:.1f} GB"
    out = lambda name: os.path.join(CACHE, f"threads-{name}.csv")  # noqa: E731
    r = max(2, b.repeats - 2)
    argv = [CLI, "run", "derive digit_factorial_sum = digit_factorial_sum(value)", "--input", src]

    def threads(n):
        if not cli_threads_flag():
            raise Skipped("the CLI has no --threads flag yet")
        return process_runs(argv + ["--threads", str(n)], r, dst=out(f"t{n}"))

    def at_once(n):
        """`n` separate one-thread runs started together, timed until the last ends: what the
        machine gives `n` independent jobs, the ceiling of any one job's speed-up on n threads."""
        times = []
        for _ in range(r):
            outs = [open(out(f"t1-at-once-{k}"), "wb") for k in range(n)]
            start = time.perf_counter()
            procs = [subprocess.Popen(argv + ["--threads", "1"], stdout=o, stderr=subprocess.DEVNULL) for o in outs]
            codes = [p.wait() for p in procs]
            times.append(time.perf_counter() - start)
            for o in outs:
                o.close()
            if any(codes):
                raise RuntimeError(f"a run exited {codes}")
        return times

    cores = os.cpu_count()
    b.measure(group, "csv-kernels --threads 1", "process", lambda: threads(1), baseline=True)
    b.measure(group, f"csv-kernels --threads {cores}", "process", lambda: threads(cores),
              output=out(f"t{cores}"), reference=out("t1"))
    b.measure(group, f"{cores} runs of --threads 1 at once (all done)", "process", lambda: at_once(cores),
              output=out("t1-at-once-0"), reference=out("t1"),
              note=f"{cores} independent jobs on this machine's {cores} cores take this long where one takes the baseline's time: "
                   f"baseline x {cores} / this is the most {cores} threads could gain on one job")


def run(b, in_process, quick):
    rows = 200_000 if quick else 1_000_000
    shapes = [(shape, shape_file(shape, rows if shape != "wide" else rows // 10)) for shape in ("integers", "text", "wide")]
    passthrough_groups(b, in_process, shapes)
    filter_group(b, in_process, "text", shapes[1][1])
    text_seed_group(b, in_process, shapes[1][1])
    threads_group(b, big_file(shapes[1][1], 200 if quick else 1000))
