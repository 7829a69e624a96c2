"""The blocking-step groups of the bench (issue 11): a group-by with three aggregates and a
sort on about 1 GB against DuckDB's Python package running the same query on the same CSV,
with both peak memories, and a sort of the same file under a 64 MiB budget, which must spill.
Called from bench.py with its Bench object."""
import csv
import math
import os

import harness
from engine_groups import CACHE, CLI, ROOT, big_file, shape_file

PY = os.path.join(ROOT, ".venv", "bin", "python")

GROUP_SPEC = "group name aggregate n = count(), total = sum(value), mean_score = mean(score) | sort -total"


def same_result(ours, theirs):
    """The two results hold the same groups and values (floats within 1e-9 relative); row order
    and number formatting may differ between engines."""
    def rows(path):
        with open(path, newline="", encoding="utf-8") as f:
            return sorted(tuple(r) for r in list(csv.reader(f))[1:])

    a, b = rows(ours), rows(theirs)
    close = lambda x, y: x == y or math.isclose(float(x), float(y), rel_tol=1e-9)  # noqa: E731
    return len(a) == len(b) and all(len(r) == len(s) and all(close(x, y) for x, y in zip(r, s)) for r, s in zip(a, b))


def group_by_group(b, in_process, src):
    size = os.path.getsize(src) / 1e9
    group = f"group-by + sort on {size:.1f} GB (text shape)"
    out = lambda name: os.path.join(CACHE, f"groupby-{name}.csv")  # noqa: E731
    r = max(2, b.repeats - 2)
    b.measure(group, "DuckDB read_csv + GROUP BY + ORDER BY (all cores)", "in-process",
              lambda: in_process("py_duckdb.py", "group", src, out("duckdb"))(r), baseline=True)
    b.measure(group, f"csv-kernels run '{GROUP_SPEC}'", "process",
              lambda: [harness.run_process([CLI, "run", GROUP_SPEC, "--input", src], stdout_path=out("cli")) for _ in range(r)],
              note="same groups and values as DuckDB: " + ("yes" if os.path.exists(out("duckdb")) and os.path.exists(out("cli")) and same_result(out("cli"), out("duckdb")) else "not checked"))
    memory = f"peak memory (RSS) of the group-by + sort on {size:.1f} GB"
    for name, argv, baseline in [
        ("DuckDB (Python package, default memory limit)", [PY, os.path.join(ROOT, "benches", "py_duckdb.py"), "group", src, out("duckdb"), "0"], True),
        ("csv-kernels (default --memory-limit 256MiB)", [CLI, "run", GROUP_SPEC, "--input", src, "--output", out("cli")], False),
    ]:
        row = {"group": memory, "name": name, "timing": "memory", "baseline": baseline, "note": ""}
        try:
            row["rss_mib"] = harness.peak_rss_mib(argv)
        except Exception as e:  # noqa: BLE001 - the report shows what broke
            row["error"] = str(e)[:300]
        print(f"  {memory}: {name} -> {row.get('rss_mib', row.get('error'))}", flush=True)
        b.results.append(row)


def sort_group(b, in_process, src):
    size = os.path.getsize(src) / 1e9
    group = f"sort of {size:.1f} GB under a 64 MiB budget"
    out = lambda name: os.path.join(CACHE, f"sort-{name}.csv")  # noqa: E731
    r = max(1, b.repeats - 3)
    argv = [CLI, "run", "sort -score", "--memory-limit", "64MiB", "--input", src]
    b.measure(group, "DuckDB ORDER BY (default memory limit)", "in-process",
              lambda: in_process("py_duckdb.py", "sort", src, out("duckdb"))(r), baseline=True,
              note="DuckDB quotes differently; its bytes are not compared")
    b.measure(group, "DuckDB ORDER BY (SET memory_limit = '64MB')", "in-process",
              lambda: in_process("py_duckdb.py", "sort64", src, out("duckdb64"))(r))
    b.measure(group, "csv-kernels run 'sort -score' --memory-limit 64MiB", "process",
              lambda: [harness.run_process(argv, stdout_path=out("cli")) for _ in range(r)])
    row = {"group": f"peak memory (RSS) of the sort of {size:.1f} GB", "name": "csv-kernels --memory-limit 64MiB",
           "timing": "memory", "baseline": True, "note": "spills sorted runs to temporary files and merges them"}
    try:
        row["rss_mib"] = harness.peak_rss_mib(argv + ["--output", out("cli")])
    except Exception as e:  # noqa: BLE001
        row["error"] = str(e)[:300]
    b.results.append(row)


def run(b, in_process, quick):
    src = big_file(shape_file("text", 200_000 if quick else 1_000_000), 200 if quick else 1000)
    group_by_group(b, in_process, src)
    sort_group(b, in_process, src)
