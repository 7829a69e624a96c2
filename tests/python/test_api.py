"""The Python API: values, argument forms, options and the typed package files."""
import json
import os
import sys
from pathlib import Path

import pytest

import csv_kernels
from conftest import IN_PYODIDE, load_bench_module


def test_first_n_matches_the_seed_signature():
    assert csv_kernels.first_n(5) == [2, 3, 5, 7, 11]
    assert csv_kernels.first_n(0) == []
    primes = csv_kernels.first_n(5000)
    assert len(primes) == 5000 and primes[-1] == 48611
    assert all(type(p) is int for p in primes[:10])


def test_first_n_equals_the_pure_python_trial_division():
    assert csv_kernels.first_n(2000) == load_bench_module("first_n").first_n(2000)


def test_first_n_of_many_equals_a_plain_sieve():
    # Above 65,536 primes the sieve runs on a helper thread natively, batch by batch.
    count = 100_000
    limit = 1_299_710  # the 100,000th prime is 1,299,709
    sieve = bytearray([1]) * limit
    sieve[0:2] = b"\0\0"
    for n in range(2, int(limit**0.5) + 1):
        if sieve[n]:
            sieve[n * n::n] = bytes(len(range(n * n, limit, n)))
    expected = [n for n in range(limit) if sieve[n]]
    assert len(expected) == count
    assert csv_kernels.first_n(count) == expected


def test_first_n_out_of_range():
    with pytest.raises(csv_kernels.CsvError) as info:
        csv_kernels.first_n(203_280_222)
    assert info.value.kind == "too_many_primes"
    with pytest.raises(OverflowError):
        csv_kernels.first_n(-1)


@pytest.mark.parametrize(
    "value, expected",
    [(145, 145), ("145", 145), (0, 1), (-40585, 40585), (" +19 ", 362881),
     (10**30, 31), ("99999999999999999999", 20 * 362880), ("0042", 26), ("000", 1)],
)
def test_digit_factorial_sum(value, expected):
    assert csv_kernels.digit_factorial_sum(value) == expected


def test_digit_factorial_sum_rejects_non_integers():
    with pytest.raises(csv_kernels.CsvError) as info:
        csv_kernels.digit_factorial_sum("1.5")
    assert info.value.kind == "invalid_number"
    assert isinstance(info.value, ValueError)
    with pytest.raises(TypeError):
        csv_kernels.digit_factorial_sum(1.5)


def test_run_takes_bytes_str_path_and_pathlike(tmp_path):
    content = b"id,value\n1,145\n2,12\n"
    expected = b"id,value,dfs\n1,145,145\n2,12,3\n"
    spec = "derive dfs = digit_factorial_sum(value)"
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    assert csv_kernels.run(spec, content) == expected
    assert csv_kernels.run(spec, bytearray(content)) == expected
    assert csv_kernels.run(spec, str(path)) == expected  # a str is a path, never content
    assert csv_kernels.run(spec, path) == expected
    with pytest.raises(FileNotFoundError):
        csv_kernels.run(spec, str(tmp_path / "missing.csv"))
    with pytest.raises(TypeError):
        csv_kernels.run(spec, 42)


def test_run_reads_a_large_file_in_chunks(tmp_path):
    # Several 1 MiB chunks, with records crossing chunk boundaries.
    rows = [f"{i},{i * 7919}" for i in range(200_000)]
    path = tmp_path / "big.csv"
    path.write_text("id,value\n" + "\n".join(rows) + "\n")
    out = csv_kernels.run("where value > 1000000 | limit 3", path)
    assert out == b"id,value\n127,1005713\n128,1013632\n129,1021551\n"
    assert csv_kernels.run("select id", path).count(b"\n") == 200_001


def test_keyword_options_go_through_the_core():
    data = b"a;b\n1;x\n"
    assert csv_kernels.run("select b", data, delimiter=";") == b"b\nx\n"
    assert csv_kernels.run("select #2", data, delimiter=";", header=False) == b"b\nx\n"
    assert csv_kernels.run("select a", data, delimiter=";", crlf=True) == b"a\r\n1\r\n"
    assert csv_kernels.run("select a", b"a\n1\n", maxFieldBytes=8) == b"a\n1\n"
    with pytest.raises(csv_kernels.CsvError) as info:
        csv_kernels.run("select a", data, colour="blue")
    assert info.value.kind == "invalid_option"
    with pytest.raises(csv_kernels.CsvError) as info:
        csv_kernels.run("select a", data, on_error="ignore")
    assert info.value.kind == "invalid_option"
    with pytest.raises(TypeError):
        csv_kernels.run("select a", data, delimiter=1.5)


def test_on_error_skip_and_null():
    data = b"id,value\n1,12\n2,x\n3,3\n"
    spec = "derive d = digit_factorial_sum(value)"
    assert csv_kernels.run(spec, data, on_error="skip") == b"id,value,d\n1,12,3\n3,3,6\n"
    assert csv_kernels.run(spec, data, on_error="null") == b"id,value,d\n1,12,3\n2,x,\n3,3,6\n"


def test_profile_returns_a_dict(tmp_path):
    data = b"n,word\n1,a\n3,bcd\n,e\n"
    result = csv_kernels.profile(data)
    assert result["rows"] == 3 and result["rows_skipped"] == 0
    n, word = result["columns"]
    assert (n["name"], n["type"], n["count"], n["nulls"], n["min"], n["max"]) == ("n", "integer", 2, 1, 1, 3)
    assert n["mean"] == 2.0 and type(n["mean"]) is float
    assert n["histogram"] == {"start": 1.0, "width": 1.0, "counts": [1, 0, 1]}
    assert (word["type"], word["max_length"]) == ("text", 3)
    assert result["version"] == 2
    assert (n["distinct"], n["stddev"], n["q1"], n["median"], n["q3"]) == (2, 2 ** 0.5, 1.5, 2.0, 2.5)
    assert word["top_values"] == [{"value": v, "count": 1} for v in ("a", "bcd", "e")]
    assert "approximate" not in word
    path = tmp_path / "p.csv"
    path.write_bytes(data)
    assert csv_kernels.profile(path) == result
    assert csv_kernels.profile(str(path)) == result


def test_profile_json_is_the_core_text_that_profile_parses(tmp_path):
    data = b"n,word\n1,a\n3,bcd\n,e\n"
    text = csv_kernels.profile_json(data)
    assert text.startswith('{"version":2,"rows":3,"rows_skipped":0,"columns":[{"name":"n","type":"integer",')
    assert '"mean":2.0,' in text and not text.endswith("\n")
    assert json.loads(text) == csv_kernels.profile(data)
    path = tmp_path / "p.csv"
    path.write_bytes(data)
    assert csv_kernels.profile_json(path) == text
    assert csv_kernels.profile_json(b"a;b\n1;2\n", delimiter=";") == csv_kernels.profile_json(b"a,b\n1,2\n")
    with pytest.raises(csv_kernels.CsvError) as info:
        csv_kernels.profile_json(b"a,b\n1\n")
    assert (info.value.kind, info.value.line, info.value.column) == ("ragged_row", 2, 2)


def test_job_streams_the_bytes_of_run():
    spec = "derive dfs = digit_factorial_sum(value) | where dfs > 100"
    job = csv_kernels.Job(spec)
    assert job.pipeline == "derive dfs = digit_factorial_sum(value) | where dfs > 100"
    assert job.push(b"id,value\n1,145\n2,1") == b"id,value,dfs\n1,145,145\n"  # a chunk may end mid-record
    assert job.push(b"2\n3,40585\n") == b"3,40585,40585\n"
    assert job.finish() == b""
    assert job.stats == {"rows_in": 3, "rows_out": 2, "rows_skipped": 0, "cells_nulled": 0,
                         "bytes_in": 28, "bytes_out": 37}
    assert not job.is_done


def test_job_options_tables_limit_and_errors():
    job = csv_kernels.Job("select b", delimiter=";", crlf=True)
    assert job.push(b"a;b\n1;x\n") + job.finish() == b"b\r\nx\r\n"
    job = csv_kernels.Job("limit 1")
    assert job.push(b"a\n1\n2\n") == b"a\n1\n" and job.is_done
    job = csv_kernels.Job("join (t.csv) on k", tables={"t.csv": b"k,v\n1,one\n"})
    assert job.push(b"k\n1\n2\n") + job.finish() == b"k,v\n1,one\n"
    job = csv_kernels.Job("derive d = digit_factorial_sum(v)", on_error="null")
    assert job.push(b"v\n1\nx\n") + job.finish() == b"v,d\n1,1\nx,\n"
    assert job.stats["cells_nulled"] == 1
    with pytest.raises(csv_kernels.CsvError) as info:
        csv_kernels.Job("derive x = f(y)")
    assert (info.value.kind, info.value.line, info.value.column) == ("unknown_kernel", 1, 12)
    job = csv_kernels.Job("select a")
    with pytest.raises(csv_kernels.CsvError) as info:
        job.push(b"a,b\n1,2\n3\n")
    assert (info.value.kind, info.value.line, info.value.column) == ("ragged_row", 3, 2)
    with pytest.raises(TypeError):
        csv_kernels.Job("select a").push("a\n1\n")  # a str is not a chunk


def test_profiler_gives_the_profile_of_the_whole():
    data = b"n,word\n1,a\n3,bcd\n,e\n"
    profiler = csv_kernels.Profiler()
    for at in range(0, len(data), 4):
        profiler.push(data[at:at + 4])
    assert profiler.finish() == csv_kernels.profile(data)
    profiler = csv_kernels.Profiler(delimiter=";", on_error="skip")
    profiler.push(b"a;b\n1;2\n3\n")
    assert profiler.finish_json() == csv_kernels.profile_json(b"a;b\n1;2\n3\n", delimiter=";", on_error="skip")
    profiler = csv_kernels.Profiler()
    with pytest.raises(csv_kernels.CsvError) as info:
        profiler.push(b"a,b\n1\n")
        profiler.finish_json()
    assert (info.value.kind, info.value.line, info.value.column) == ("ragged_row", 2, 2)


def test_package_metadata_and_typing_files():
    assert csv_kernels.__version__ == "0.1.0"
    assert "on_error" in csv_kernels.OPTION_NAMES
    package = Path(csv_kernels.__file__).parent
    assert (package / "py.typed").is_file()
    stubs = (package / "__init__.pyi").read_text()
    for name in ["def first_n", "def digit_factorial_sum", "def process_csv", "def run",
                 "def profile", "def profile_json", "class Job", "class Profiler",
                 "class CsvError(ValueError)"]:
        assert name in stubs
    # Pyodide wheels are built per interpreter; the native one is abi3.
    suffix = (f".cpython-{sys.version_info[0]}{sys.version_info[1]}-wasm32-emscripten.so"
              if IN_PYODIDE else ".abi3.so")
    assert os.path.basename(csv_kernels.csv_kernels.__file__).endswith(suffix)
