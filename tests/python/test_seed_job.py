"""The seed job: process_csv equals the pure-Python csv-module version byte for byte."""
import pytest

import csv_kernels
from conftest import load_bench_module

ROWS = 20_000  # > 1 MiB of input, so the stream crosses several chunk boundaries in Rust


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "integers.csv"
    load_bench_module("gen_data").integers(ROWS, str(path))
    return path


def test_process_csv_equals_the_pure_python_seed_job(generated, tmp_path):
    seed = load_bench_module("seed_job")
    assert seed.seed_job(str(generated), str(tmp_path / "python.csv")) == ROWS
    assert csv_kernels.process_csv(str(generated), str(tmp_path / "rust.csv")) == ROWS
    expected = (tmp_path / "python.csv").read_bytes()
    assert (tmp_path / "rust.csv").read_bytes() == expected
    assert expected.startswith(b"id,value,digit_factorial_sum\n")


def test_process_csv_with_other_column_names(tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes(b"n,my value\n1,145\n2,\"40585\"\n")
    rows = csv_kernels.process_csv(source, tmp_path / "out.csv", column="my value", new_column="a,b")
    assert rows == 2
    assert (tmp_path / "out.csv").read_bytes() == b'n,my value,"a,b"\n1,145,145\n2,40585,40585\n'


def test_process_csv_of_a_header_only_file(tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes(b"id,value\n")
    assert csv_kernels.process_csv(source, tmp_path / "out.csv") == 0
    assert (tmp_path / "out.csv").read_bytes() == b"id,value,digit_factorial_sum\n"
