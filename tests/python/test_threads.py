"""`threads=` on run and process_csv: the same bytes (and the same error) whatever the thread
count. The inputs are larger than a few of the core's 4 MB ranges, and hold quoted fields with
commas, line breaks and doubled quotes, so range cuts land inside quotes. Pyodide runs on one
thread whatever is asked, and gives the same bytes."""
import pytest

import csv_kernels

REPEATS = 200_000  # about 14 MB
ROWS = b'1,"a,b",145\n2,"x\ny",40585\n3,"say ""hi""",7\n4,plain,0\n'
DERIVED = b'1,"a,b",145,145\n2,"x\ny",40585,40585\n3,"say ""hi""",7,5040\n4,plain,0,1\n'
DERIVE = "derive d = digit_factorial_sum(value)"


@pytest.fixture(scope="module")
def data():
    return b"id,name,value\n" + ROWS * REPEATS


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_run_gives_the_same_bytes_on_any_thread_count(data, threads):
    assert csv_kernels.run(DERIVE, data, threads=threads) == b"id,name,value,d\n" + DERIVED * REPEATS
    kept = csv_kernels.run("where value > 100 | select id, name", data, threads=threads)
    assert kept == b"id,name\n" + b'1,"a,b"\n2,"x\ny"\n' * REPEATS


def test_run_on_a_path_and_a_blocking_step(data, tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(data)
    one = csv_kernels.run(DERIVE, path, threads=1)
    assert one == b"id,name,value,d\n" + DERIVED * REPEATS
    assert csv_kernels.run(DERIVE, str(path), threads=2) == one
    # A group runs in parts merged in input order: first-seen order, as on one thread.
    grouped = b"value,n\n145,200000\n40585,200000\n7,200000\n0,200000\n"
    for threads in (1, 2):
        spec = "group value aggregate n = count()"
        assert csv_kernels.run(spec, path, threads=threads) == grouped


def test_process_csv_gives_the_same_file_on_any_thread_count(data, tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes(data)
    for threads in (1, 2):
        out = tmp_path / f"out{threads}.csv"
        assert csv_kernels.process_csv(source, out, threads=threads) == 4 * REPEATS
        assert out.read_bytes() == b"id,name,value,digit_factorial_sum\n" + DERIVED * REPEATS


def test_an_error_is_the_same_on_any_thread_count(data):
    bad = data + b"5,late,x\n" + ROWS
    errors = []
    for threads in (1, 2):
        with pytest.raises(csv_kernels.CsvError) as caught:
            csv_kernels.run(DERIVE, bad, threads=threads)
        errors.append(str(caught.value))
    assert errors[0] == errors[1]
    assert f"line {4 * REPEATS + 2 + REPEATS}" in errors[0], errors[0]


def test_threads_must_be_at_least_one(data):
    with pytest.raises(ValueError, match="threads must be at least 1"):
        csv_kernels.run(DERIVE, b"value\n1\n", threads=0)
    with pytest.raises(ValueError, match="threads must be at least 1"):
        csv_kernels.process_csv("in.csv", "out.csv", threads=0)
