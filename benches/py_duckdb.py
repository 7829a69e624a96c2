"""In-process timings of DuckDB's Python package on the bench's CSV jobs (read_csv + COPY):

    python benches/py_duckdb.py passthrough|filter INPUT OUTPUT REPEATS   -> JSON list of seconds

DuckDB sniffs the file, reads it with its parallel reader on every core and writes CSV again.
Its output quoting differs from Python's csv module, so the report does not compare its bytes."""
import json
import sys
import time

QUERIES = {
    "passthrough": "SELECT * FROM read_csv(?, all_varchar = true)",
    "filter": "SELECT * FROM read_csv(?, all_varchar = true) WHERE TRY_CAST(value AS DOUBLE) > 500000",
}


def job(kind, src, dst):
    import duckdb

    con = duckdb.connect()
    query = QUERIES[kind].replace("?", "'" + src.replace("'", "''") + "'")
    con.execute(f"COPY ({query}) TO '{dst}' (HEADER, DELIMITER ',')")
    con.close()


if __name__ == "__main__":
    kind, src, dst, repeats = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    job(kind, src, dst)  # warm-up: imports, first sniff
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        job(kind, src, dst)
        times.append(time.perf_counter() - start)
    print(json.dumps(times))
