"""In-process timings of first_n(count) in CPython:

    python benches/py_first_n.py pure|cython|csv_kernels COUNT REPEATS   -> JSON list of seconds

`pure` is the seed's trial division (benches/first_n.py), `cython` the same loop compiled by
Cython (benches/cython, built by bench.py), `csv_kernels` the Rust sieve from the native wheel."""
import importlib
import json
import sys
import time

MODULES = {"pure": "first_n", "cython": "primes_cy", "csv_kernels": "csv_kernels"}

if __name__ == "__main__":
    kind, count, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    first_n = importlib.import_module(MODULES[kind]).first_n
    # Warm-up at the full count: the first lists of a million ints take fresh memory from the
    # OS (page faults: 36-40 ms against 24-26 ms once memory is reused); one such call is
    # still timed at times, which the median leaves out.
    first_n(count)
    times = []
    primes = None
    for _ in range(repeats):
        # The previous call's list is freed before the timer starts: freeing a million ints
        # is CPython's work for whoever drops the list, not part of the call being timed.
        primes = None
        start = time.perf_counter()
        primes = first_n(count)
        times.append(time.perf_counter() - start)
    assert len(primes) == count, (kind, len(primes))
    print(json.dumps(times))
