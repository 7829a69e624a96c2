"""Randomized check of the expression evaluator against an independent model: DuckDB.

Generates random rows and random expressions, runs them through the csv-kernels CLI
(`select e1 as c1, e2 as c2, ...`) and through DuckDB's Python package on a typed table, and
compares every cell. Expressions are translated to DuckDB SQL with the language's documented
differences spelled out (a comparison with null is false, `//` floors, division by zero is
null), so any other disagreement is a bug in one of them.

    pip install duckdb
    python3 tests/expr_vs_duckdb.py [--bin target/debug/csv-kernels] [--rounds 40] [--seed 1]
"""

import argparse
import csv
import datetime
import io
import os
import random
import subprocess
import sys

import duckdb

INT_COLUMNS = ["a", "b"]
FLOAT_COLUMNS = ["c"]
TEXT_COLUMNS = ["s"]
WORDS = ["", "ab", "Abc", " pad ", "x y z", "été", "a,b", "1", "10"]
DATES = ["2024-01-31", "2024-02-29", "2023-12-31", "2000-03-01", "1999-07-04", "2024-06-30"]
TIMES = ["2024-01-31 12:30:00", "2024-02-29 00:00:00", "2023-12-31 23:59:59", "1970-01-01 06:00:00"]
UNITS = ["year", "quarter", "month", "week", "day"]


def rows(rng, n):
    out = []
    for _ in range(n):
        out.append({
            "a": rng.choice([None] + list(range(-20, 21))),
            "b": rng.choice([None] + list(range(-5, 6))),
            "c": rng.choice([None, -2.5, -1.0, 0.0, 0.5, 1.5, 2.25, 3.0, 10.0]),
            "s": rng.choice([None] + WORDS[1:]),
            "d": rng.choice([None] + DATES),
            "t": rng.choice([None] + TIMES),
        })
    return out


class Gen:
    """Random expressions of a known type, each as (our spec text, DuckDB SQL)."""

    def __init__(self, rng):
        self.rng = rng

    def int(self, depth):
        r = self.rng
        choice = r.randrange(9 if depth > 0 else 2)
        if choice == 0:
            c = r.choice(INT_COLUMNS)
            return c, c
        if choice == 1:
            n = str(r.randint(-9, 9))
            return n, f"({n})"
        x, xs = self.int(depth - 1)
        y, ys = self.int(depth - 1)
        if choice == 2:
            op = r.choice(["+", "-", "*"])
            return f"({x} {op} {y})", f"({xs} {op} {ys})"
        if choice == 3:
            return (f"({x} // {y})",
                    f"(CASE WHEN ({ys}) = 0 THEN NULL ELSE CAST(floor(({xs})::DOUBLE / ({ys})) AS BIGINT) END)")
        if choice == 4:
            return f"({x} % {y})", f"(CASE WHEN ({ys}) = 0 THEN NULL ELSE ({xs}) % ({ys}) END)"
        if choice == 5:
            return f"abs({x})", f"abs({xs})"
        if choice == 6:
            return f"({x} ?? {y})", f"coalesce({xs}, {ys})"
        if choice == 7:
            if r.random() < 0.5:
                t, ts = self.text(depth - 1)
                return f"length({t})", f"length({ts})"
            d, ds = self.date(depth - 1)
            fn = r.choice(["year", "month", "day", "weekday", "date_diff"])
            if fn == "date_diff":
                e, es = self.date(depth - 1)
                u = r.choice(UNITS)
                return f'date_diff("{u}", {d}, {e})', f"date_diff('{u}', {ds}, {es})"
            return f"{fn}({d})", f"{'dayofweek' if fn == 'weekday' else fn}({ds})"
        cond, conds = self.bool(depth - 1)
        return f"if({cond}, {x}, {y})", f"(CASE WHEN {conds} THEN {xs} ELSE {ys} END)"

    def float(self, depth):
        r = self.rng
        choice = r.randrange(6 if depth > 0 else 2)
        if choice == 0:
            return "c", "c"
        if choice == 1:
            v = r.choice(["0.5", "1.5", "-2.25", "4.0"])
            return v, f"({v})::DOUBLE"
        x, xs = self.int(depth - 1)
        f, fs = self.float(depth - 1)
        if choice == 2:
            op = r.choice(["+", "-", "*"])
            return f"({f} {op} {x})", f"({fs} {op} {xs})"
        if choice == 3:
            return f"({x} / {f})", f"(CASE WHEN ({fs}) = 0 THEN NULL ELSE ({xs}) / ({fs}) END)"
        if choice == 4:
            fn = r.choice(["round", "floor", "ceil", "abs"])
            return f"{fn}({f})", f"{fn}({fs})"
        return f"float({x})", f"({xs})::DOUBLE"

    def text(self, depth):
        r = self.rng
        choice = r.randrange(7 if depth > 0 else 2)
        if choice == 0:
            return "s", "s"
        if choice == 1:
            w = r.choice(WORDS)
            return f'"{w}"', "'" + w.replace("'", "''") + "'"
        t, ts = self.text(depth - 1)
        if choice == 2:
            fn = r.choice(["lower", "upper", "trim"])
            return f"{fn}({t})", f"{fn}({ts})"
        if choice == 3:
            i, n = r.randint(-4, 4), r.randint(0, 4)
            return f"substr({t}, {i}, {n})", f"substring({ts}, {i}, {n})"
        if choice == 4:
            a, b = r.choice(["a", "b", " ", "é"]), r.choice(["", "X", "yy"])
            return f'replace({t}, "{a}", "{b}")', f"replace({ts}, '{a}', '{b}')"
        if choice == 5 and r.random() < 0.4:
            d, ds = self.date(depth - 1)
            f = r.choice(["%Y/%m/%d", "%d %b %Y", "%j"])
            return f'format_date({d}, "{f}")', f"strftime({ds}, '{f}')"
        if choice == 5:
            n = r.choice([1, 2, -1])
            return f'split_part({t}, " ", {n})', f"split_part({ts}, ' ', {n})"
        u, us = self.text(depth - 1)
        return f"({t} ?? {u})", f"coalesce({ts}, {us})"

    def date(self, depth):
        r = self.rng
        choice = r.randrange(5 if depth > 0 else 2)
        if choice == 0:
            return "date(d)", "d"
        if choice == 1:
            v = r.choice(DATES)
            return f"@{v}", f"DATE '{v}'"
        if choice == 2:
            return "date(t)", "t::DATE"
        d, ds = self.date(depth - 1)
        if choice == 3:
            u = r.choice(UNITS)
            return f'date_trunc("{u}", {d})', f"date_trunc('{u}', {ds})::DATE"
        n, ns = self.int(depth - 1)
        return f"({d} + {n})", f"({ds} + CAST({ns} AS INTEGER))"

    def bool(self, depth):
        r = self.rng
        choice = r.randrange(7 if depth > 0 else 1)
        if choice == 0:
            c = r.choice(INT_COLUMNS + FLOAT_COLUMNS + TEXT_COLUMNS)
            return f"is_null({c})", f"({c} IS NULL)"
        if choice in (1, 2):
            x, xs = self.int(depth - 1) if choice == 1 else self.float(depth - 1)
            y, ys = self.int(depth - 1)
            op = r.choice(["=", "!=", "<", "<=", ">", ">="])
            # A comparison with null is false here, null in DuckDB.
            return f"({x} {op} {y})", f"coalesce(({xs}) {op} ({ys}), false)"
        if choice == 3 and r.random() < 0.3:
            x, xs = self.date(depth - 1)
            y, ys = self.date(depth - 1)
            op = r.choice(["=", "!=", "<", ">="])
            return f"({x} {op} {y})", f"coalesce(({xs}) {op} ({ys}), false)"
        if choice == 3:
            t, ts = self.text(depth - 1)
            w = r.choice(["a", "b", "é", ""])
            fn = r.choice(["contains", "starts_with", "ends_with"])
            return f'{fn}({t}, "{w}")', f"{fn}({ts}, '{w}')"
        p, ps = self.bool(depth - 1)
        if choice == 4:
            return f"not {p}" if p.startswith("(") else f"not ({p})", f"(NOT {ps})"
        q, qs = self.bool(depth - 1)
        op = r.choice(["and", "or"])
        return f"({p} {op} {q})", f"({ps} {op.upper()} {qs})"


def cell_text(value):
    """A DuckDB value printed the way csv-kernels prints it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.environ.get("CSV_KERNELS_BIN", "target/debug/csv-kernels"))
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    gen = Gen(rng)
    failures = checked = 0
    for round_no in range(args.rounds):
        data = rows(rng, 30)
        kinds = [gen.int, gen.float, gen.text, gen.bool, gen.date]
        exprs = [rng.choice(kinds)(rng.randint(1, 4)) for _ in range(12)]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(list("abcsdt"))
        for row in data:
            writer.writerow(["" if row[k] is None else (repr(row[k]) if k == "c" else row[k]) for k in "abcsdt"])
        spec = "select " + ", ".join(f"{ours} as e{i}" for i, (ours, _) in enumerate(exprs))
        run = subprocess.run([args.bin, "run", spec], input=buffer.getvalue().encode(), capture_output=True)
        if run.returncode != 0:
            print(f"round {round_no}: csv-kernels failed: {run.stderr.decode()}\n  spec: {spec}")
            failures += 1
            continue
        ours = list(csv.reader(io.StringIO(run.stdout.decode())))[1:]
        con = duckdb.connect()
        con.execute("CREATE TABLE rows (i INTEGER, a BIGINT, b BIGINT, c DOUBLE, s VARCHAR, d DATE, t TIMESTAMP)")
        con.executemany("INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [(i, r["a"], r["b"], r["c"], r["s"], r["d"], r["t"]) for i, r in enumerate(data)])
        for i, (text, sql) in enumerate(exprs):
            theirs = [cell_text(v[0]) for v in con.execute(f"SELECT {sql} FROM rows ORDER BY i").fetchall()]
            mine = [row[i] for row in ours]
            checked += len(mine)
            if mine != theirs:
                failures += 1
                bad = next(j for j in range(len(mine)) if mine[j] != theirs[j])
                print(f"round {round_no}: {text}\n  duckdb: {sql}\n  row {data[bad]}: ours {mine[bad]!r}, duckdb {theirs[bad]!r}")
    print(f"{checked} cells compared, {failures} disagreements")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
