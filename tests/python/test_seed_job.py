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


def test_process_csv_replaces_an_existing_output_and_never_its_input(tmp_path):
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_bytes(b"value\n145\n12\n")
    # Over a longer file (written in place, then cut): the new output and nothing after it.
    out.write_bytes(b"an older output, longer than the new one\n" * 3)
    assert csv_kernels.process_csv(source, out) == 2
    assert out.read_bytes() == b"value,digit_factorial_sum\n145,145\n12,3\n"
    # A failed run leaves the rows before the error and nothing of the file before.
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"value\n145\nx\n")
    out.write_bytes(b"y" * 200)
    with pytest.raises(csv_kernels.CsvError):
        csv_kernels.process_csv(bad, out)
    assert out.read_bytes() == b"value,digit_factorial_sum\n145,145\n"
    # The output may not be the input (nor a file of an input folder): refused, untouched.
    for given in (source, tmp_path):
        with pytest.raises(OSError, match=r"^the output is also an input \("):
            csv_kernels.process_csv(given, source)
        assert source.read_bytes() == b"value\n145\n12\n"
