"""In-process timings of DuckDB's Python package on the bench's CSV jobs (read_csv + COPY):

    python benches/py_duckdb.py passthrough|filter|group|sort|sort64 INPUT OUTPUT REPEATS   -> JSON list of seconds

DuckDB sniffs the file, reads it with its parallel reader on every core and writes CSV again.
Its output quoting differs from Python's csv module, so the report does not compare its bytes."""
import json
import sys
import time

# `group` and `sort64` are the blocking-step groups' queries (benches/blocking_groups.py):
# DuckDB reads the file with its own type detection, as a user would write them.
QUERIES = {
    "group": "SELECT name, count(*) AS n, sum(value) AS total, avg(score) AS mean_score "
    "FROM read_csv(?) GROUP BY name ORDER BY total DESC",
    "sort": "SELECT * FROM read_csv(?) ORDER BY score DESC",
    "sort64": "SELECT * FROM read_csv(?) ORDER BY score DESC",
    "passthrough": "SELECT * FROM read_csv(?, all_varchar = true)",
    "filter": "SELECT * FROM read_csv(?, all_varchar = true) WHERE TRY_CAST(value AS DOUBLE) > 500000",
}


def job(kind, src, dst):
    import duckdb

    con = duckdb.connect()
    if kind == "sort64":
        con.execute("SET memory_limit = '64MB'")
    query = QUERIES[kind].replace("?", "'" + src.replace("'", "''") + "'")
    con.execute(f"COPY ({query}) TO '{dst}' (HEADER, DELIMITER ',')")
    con.close()


if __name__ == "__main__":
    kind, src, dst, repeats = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    job(kind, src, dst)  # warm-up: imports, first sniff (with REPEATS 0: one run, for memory)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        job(kind, src, dst)
        times.append(time.perf_counter() - start)
    print(json.dumps(times))
