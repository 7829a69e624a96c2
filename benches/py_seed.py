"""In-process timings of the seed job in CPython, one contender per run of this script:

    python benches/py_seed.py pure|process_csv|pandas|polars INPUT OUTPUT REPEATS

Prints a JSON list of seconds (imports and one warm-up run excluded)."""
import json
import sys
import time

FACTORIALS = [1, 1, 2, 6, 24, 120, 720, 5040, 40320, 362880]


def pure(src, dst):
    from seed_job import seed_job

    seed_job(src, dst)


def process_csv(src, dst):
    import csv_kernels

    csv_kernels.process_csv(src, dst)


def pandas(src, dst):
    import pandas as pd

    df = pd.read_csv(src, dtype={"value": str}, keep_default_na=False)
    # Vectorized as a pandas user would: count each digit over the column, weight by d!.
    digits = df["value"].str
    df["digit_factorial_sum"] = sum(digits.count(str(d)) * FACTORIALS[d] for d in range(10))
    df.to_csv(dst, index=False, lineterminator="\n")


def polars(src, dst):
    import polars as pl

    df = pl.read_csv(src, schema_overrides={"value": pl.Utf8})
    value = pl.col("value")
    dfs = sum(value.str.count_matches(str(d), literal=True) * FACTORIALS[d] for d in range(10))
    df.with_columns(dfs.alias("digit_factorial_sum")).write_csv(dst)


if __name__ == "__main__":
    kind, src, dst, repeats = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    job = globals()[kind]
    job(src, dst)  # warm-up: imports, page cache
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        job(src, dst)
        times.append(time.perf_counter() - start)
    print(json.dumps(times))
