"""In-process timing of Python's csv module reading a file (the parse-throughput baseline):

    python benches/py_parse.py INPUT REPEATS      -> JSON list of seconds
"""
import csv
import json
import sys
import time


def parse(path):
    rows = 0
    with open(path, newline="", encoding="utf-8") as f:
        for _ in csv.reader(f):
            rows += 1
    return rows


if __name__ == "__main__":
    path, repeats = sys.argv[1], int(sys.argv[2])
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        parse(path)
        times.append(time.perf_counter() - start)
    print(json.dumps(times))
