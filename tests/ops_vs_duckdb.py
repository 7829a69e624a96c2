"""Randomized check of sort, group/aggregate, distinct and top against DuckDB.

Generates random rows and random blocking steps, runs them through the csv-kernels CLI and
through DuckDB's Python package on the same rows, and compares the outputs cell by cell (floats
within 1e-9 relative, everything else exactly). The language's order rules are spelled out in
SQL: groups in order of first appearance (`ORDER BY min(rownum)`), stable sorts (`rownum` as
the last key), nulls last in both directions, distinct keeping each key's first row.

    pip install duckdb
    python3 tests/ops_vs_duckdb.py [--bin target/debug/csv-kernels] [--rounds 40] [--seed 1]
"""

import argparse
import csv
import io
import os
import random
import subprocess
import sys

import duckdb

COLUMNS = ["k", "g", "x", "y", "d"]
SQL_TYPES = "k VARCHAR, g BIGINT, x BIGINT, y DOUBLE, d DATE"
KEYS = ["k", "g"]
NUMBERS = ["x", "y"]


def rows(rng, n):
    return [{
        "k": rng.choice([None, "a", "b", "B", "ab", "é", "a,b"]),
        "g": rng.choice([None, -1, 0, 1, 2, 10]),
        "x": rng.choice([None] + list(range(-50, 51))),
        "y": rng.choice([None, -2.5, -0.25, 0.0, 0.5, 1.75, 3.0, 12.5, 100.25]),
        "d": rng.choice([None, "2024-01-31", "2023-12-01", "2024-02-29", "1999-07-04"]),
    } for _ in range(n)]


def aggregate(rng):
    """One random aggregate as (ours, DuckDB's)."""
    x = rng.choice(NUMBERS)
    q = rng.choice(["0", "0.25", "0.5", "0.9", "1"])
    return rng.choice([
        ("count()", "count(*)"),
        (f"count({x})", f"count({x})"),
        ("count(k)", "count(k)"),
        ("count_distinct(k)", "count(DISTINCT k)"),
        ("approx_count_distinct(g)", "count(DISTINCT g)"),
        (f"sum({x})", f"sum({x})"),
        (f"min({x})", f"min({x})"),
        (f"max({x})", f"max({x})"),
        ("min(d)", "min(d)"),
        ("max(k)", "max(k)"),
        (f"mean({x})", f"avg({x})"),
        (f"stddev({x})", f"stddev_samp({x})"),
        (f"var({x})", f"var_samp({x})"),
        (f"median({x})", f"quantile_cont({x}::DOUBLE, 0.5)"),
        (f"quantile({x}, {q})", f"quantile_cont({x}::DOUBLE, {q})"),
        (f"first({x})", f"first({x} ORDER BY i)"),
        ("last(k)", "last(k ORDER BY i)"),
        ('string_agg(k, "|")', "string_agg(k, '|' ORDER BY i)"),
    ])


def sort_keys(rng):
    keys = rng.sample(COLUMNS, rng.randint(1, 3))
    ours, theirs = [], []
    for key in keys:
        descending = rng.random() < 0.5
        ours.append(("-" if descending else "") + key)
        theirs.append(f"{key} {'DESC' if descending else 'ASC'} NULLS LAST")
    return ", ".join(ours), ", ".join(theirs + ["i"])


def step(rng):
    """A random blocking step as (ours, DuckDB's query over `rows`)."""
    kind = rng.choice(["group", "aggregate", "sort", "distinct", "top"])
    everything = ", ".join(COLUMNS)
    if kind in ("group", "aggregate"):
        aggs = [aggregate(rng) for _ in range(rng.randint(1, 4))]
        ours = ", ".join(f"a{n} = {a}" for n, (a, _) in enumerate(aggs))
        theirs = ", ".join(f"{s} AS a{n}" for n, (_, s) in enumerate(aggs))
        if kind == "aggregate":
            return f"aggregate {ours}", f"SELECT {theirs} FROM rows"
        keys = ", ".join(rng.sample(KEYS, rng.randint(1, 2)))
        return (f"group {keys} aggregate {ours}",
                f"SELECT {keys}, {theirs} FROM rows GROUP BY {keys} ORDER BY min(i)")
    if kind == "sort":
        ours, theirs = sort_keys(rng)
        return f"sort {ours}", f"SELECT {everything} FROM rows ORDER BY {theirs}"
    if kind == "top":
        n = rng.randint(0, 12)
        ours, theirs = sort_keys(rng)
        return f"top {n} by {ours}", f"SELECT {everything} FROM rows ORDER BY {theirs} LIMIT {n}"
    columns = ", ".join(rng.sample(COLUMNS, rng.randint(1, 2)))
    return (f"distinct {columns}",
            f"SELECT {everything} FROM rows WHERE i IN (SELECT min(i) FROM rows GROUP BY {columns}) ORDER BY i")


def text(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def same(mine, theirs):
    if mine == theirs:
        return True
    try:
        a, b = float(mine), float(theirs)
    except ValueError:
        return False
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.environ.get("CSV_KERNELS_BIN", "target/debug/csv-kernels"))
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    failures = cells = 0
    for round_no in range(args.rounds):
        data = rows(rng, rng.randint(0, 60))
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in data:
            writer.writerow([text(row[c]) for c in COLUMNS])
        spec, sql = step(rng)
        run = subprocess.run([args.bin, "run", spec], input=buffer.getvalue().encode(), capture_output=True)
        if run.returncode != 0:
            print(f"round {round_no}: csv-kernels failed: {run.stderr.decode()}  spec: {spec}")
            failures += 1
            continue
        mine = list(csv.reader(io.StringIO(run.stdout.decode("utf-8"))))[1:]
        con = duckdb.connect()
        con.execute(f"CREATE TABLE rows (i INTEGER, {SQL_TYPES})")
        if data:
            con.executemany(f"INSERT INTO rows VALUES (?{', ?' * len(COLUMNS)})",
                            [[i] + [row[c] for c in COLUMNS] for i, row in enumerate(data)])
        theirs = [[text(v) for v in row] for row in con.execute(sql).fetchall()]
        cells += sum(len(r) for r in theirs)
        agree = len(mine) == len(theirs) and all(
            len(a) == len(b) and all(same(x, y) for x, y in zip(a, b)) for a, b in zip(mine, theirs))
        if not agree:
            failures += 1
            print(f"round {round_no}: {spec}\n  duckdb: {sql}\n  ours:   {mine[:6]}\n  duckdb: {theirs[:6]}")
    print(f"{args.rounds} pipelines, {cells} cells compared, {failures} disagreements")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
