"""The scale-out groups of the bench (issue 12): the seed job and a group-by over a folder of
about 1 GB in 8 files: one thread, every core, a 2-worker Dask LocalCluster, and (group-by)
Polars scan_csv and DuckDB on the same folder. Called from bench.py with its Bench object."""
import os

import harness
from engine_groups import CACHE, CLI, big_file, shape_file

SEED = "derive digit_factorial_sum = digit_factorial_sum(value)"
GROUP = "group name aggregate n = count(), total = sum(value), mean_score = mean(score) | sort -total"


def folder_of(src, files):
    """`src` (header, rows) cut into `files` files at line ends, each with the header."""
    folder = os.path.join(CACHE, f"folder-{os.path.basename(src)[:-4]}-{files}")
    if not os.path.isdir(folder):
        print(f"generating {folder}", flush=True)
        os.makedirs(folder + ".tmp", exist_ok=True)
        # Streamed a line at a time: a whole file read here would raise this process's peak
        # RSS, which Linux hands down across exec to the children whose memory the bench reports.
        size = os.path.getsize(src) // files + 1
        with open(src, "rb") as f:
            header = f.readline()
            for i in range(files):
                with open(os.path.join(folder + ".tmp", f"part-{i:02d}.csv"), "wb") as out:
                    out.write(header)
                    written = 0
                    # The text shape's quoted names hold no line breaks: a line is a record.
                    for line in f:
                        out.write(line)
                        written += len(line)
                        if written >= size and i < files - 1:
                            break
        os.replace(folder + ".tmp", folder)
    return folder


def run(b, in_process, quick):
    src = big_file(shape_file("text", 200_000 if quick else 1_000_000), 200 if quick else 1000)
    folder = folder_of(src, 8)
    size = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder)) / 1e9
    r = max(2, b.repeats - 3)
    out = lambda name: os.path.join(CACHE, f"scaleout-{name}.csv")  # noqa: E731
    for job, spec in (("seed job", SEED), ("group-by + sort", GROUP)):
        tag = "seed" if job == "seed job" else "group"
        group = f"{job} over a folder of 8 files, {size:.1f} GB"
        b.measure(group, "csv-kernels --threads 1", "process",
                  lambda: [harness.run_process([CLI, "run", spec, "--input", folder, "--threads", "1"], stdout_path=out(f"{tag}-t1")) for _ in range(r)],
                  baseline=True)
        b.measure(group, f"csv-kernels --threads {os.cpu_count()}", "process",
                  lambda: [harness.run_process([CLI, "run", spec, "--input", folder], stdout_path=out(f"{tag}-all")) for _ in range(r)],
                  output=out(f"{tag}-all"), reference=out(f"{tag}-t1"))
        b.measure(group, "csv_kernels.dask, LocalCluster of 2 worker processes", "in-process",
                  lambda: in_process("py_scaleout.py", f"dask-{tag}", folder, out(f"{tag}-dask"))(r),
                  note="the result written as part files; bytes equal one run's (tests/python/test_dask.py)")
        if tag == "group":
            b.measure(group, "Polars scan_csv + group_by (all cores)", "in-process",
                      lambda: in_process("py_scaleout.py", "polars-group", folder, out("group-polars"))(r))
            b.measure(group, "DuckDB read_csv + GROUP BY (all cores)", "in-process",
                      lambda: in_process("py_scaleout.py", "duckdb-group", folder, out("group-duckdb"))(r))
