"""In-process timings of the scale-out contenders on a folder of CSV files:

    python benches/py_scaleout.py dask-seed|dask-group|polars-group|duckdb-group FOLDER OUTPUT REPEATS

dask-*: csv_kernels.dask.run on a distributed.LocalCluster of 2 worker processes (started once,
before the timed runs); polars-group: scan_csv over the folder's glob; duckdb-group: read_csv
over it. Prints a JSON list of seconds (imports, cluster start and one warm-up run excluded)."""
import json
import os
import sys
import time

SEED = "derive digit_factorial_sum = digit_factorial_sum(value)"
GROUP = "group name aggregate n = count(), total = sum(value), mean_score = mean(score) | sort -total"


def main(kind, folder, dst, repeats):
    files = os.path.join(folder, "*.csv")
    if kind.startswith("dask"):
        import csv_kernels.dask
        from distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        spec = SEED if kind == "dask-seed" else GROUP

        def job():
            csv_kernels.dask.run(spec, files, client=client, output=dst + ".parts")
    elif kind == "polars-group":
        import polars as pl

        def job():
            (pl.scan_csv(files).group_by("name")
             .agg(pl.len().alias("n"), pl.col("value").sum().alias("total"), pl.col("score").mean().alias("mean_score"))
             .sort("total", descending=True).sink_csv(dst))
    elif kind == "duckdb-group":
        import duckdb

        def job():
            con = duckdb.connect()
            con.execute(f"COPY (SELECT name, count(*) AS n, sum(value) AS total, avg(score) AS mean_score "
                        f"FROM read_csv('{files}') GROUP BY name ORDER BY total DESC) TO '{dst}' (HEADER)")
            con.close()
    else:
        raise SystemExit(f"unknown contender {kind}")
    job()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    print(json.dumps(times))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
