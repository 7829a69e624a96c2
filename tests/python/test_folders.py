"""A folder or a glob as the input: the files concatenated with the header once, in name
order, the same bytes as one run over the concatenation (CPython runs the files on every
core, Pyodide on one thread)."""
import pytest

import csv_kernels

PARTS = {
    "2024-02.csv": b"id,value\r\n3,40585\r\n4,\"12\"\r\n",
    "2024-01.csv": b"id,value\n1,145\n2,7\n",
    "2024-10.csv": b"id,value\n5,1\n6,2",  # no final line end
    "notes.txt": b"not,a,csv\n",
}
WHOLE = b"id,value\n1,145\n2,7\n3,40585\n4,12\n5,1\n6,2\n"


@pytest.fixture
def folder(tmp_path):
    for name, data in PARTS.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


def test_process_csv_takes_a_folder(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    assert csv_kernels.process_csv(folder, out / "folder.csv") == 6
    (out / "whole.csv").write_bytes(WHOLE)
    assert csv_kernels.process_csv(out / "whole.csv", out / "one.csv") == 6
    assert (out / "folder.csv").read_bytes() == (out / "one.csv").read_bytes()
    assert (out / "folder.csv").read_bytes() == (
        b"id,value,digit_factorial_sum\n1,145,145\n2,7,5040\n3,40585,40585\n4,12,3\n5,1,1\n6,2,2\n"
    )


def test_process_csv_takes_a_glob_in_name_order(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "out.csv"
    assert csv_kernels.process_csv(str(folder / "2024-0?.csv"), out, new_column="dfs") == 4
    assert out.read_bytes() == b"id,value,dfs\n1,145,145\n2,7,5040\n3,40585,40585\n4,12,3\n"


@pytest.mark.parametrize(
    "spec",
    ["group value aggregate n = count()", "sort -value", "take 3", "distinct value", "top 2 by id"],
)
def test_run_and_profile_take_a_folder(folder, spec):
    assert csv_kernels.run(spec, str(folder)) == csv_kernels.run(spec, WHOLE)
    assert csv_kernels.profile(folder) == csv_kernels.profile(WHOLE)


def test_an_error_names_the_file_and_its_line(folder, tmp_path_factory):
    (folder / "2024-03.csv").write_bytes(b"id,value\n7,1\n8,x\n")
    with pytest.raises(csv_kernels.CsvError) as caught:
        csv_kernels.process_csv(folder, tmp_path_factory.mktemp("out") / "out.csv")
    e = caught.value
    assert (e.kind, e.line, e.column, e.file) == ("invalid_number", 3, 2, str(folder / "2024-03.csv"))
    assert str(e) == f'{folder / "2024-03.csv"}: line 3, column 2: invalid_number: "x" is not an integer'


def test_differing_headers_name_both_files(folder, tmp_path_factory):
    (folder / "2024-11.csv").write_bytes(b"id,amount\n9,1\n")
    with pytest.raises(csv_kernels.CsvError) as caught:
        csv_kernels.process_csv(folder, tmp_path_factory.mktemp("out") / "out.csv")
    first, other = folder / "2024-01.csv", folder / "2024-11.csv"
    assert caught.value.kind == "header_mismatch"
    assert caught.value.message == (
        f"the header of {other} (id,amount) differs from the header of {first} (id,value)"
    )


def test_an_empty_folder_is_an_error(tmp_path):
    with pytest.raises(csv_kernels.CsvError) as caught:
        csv_kernels.process_csv(tmp_path, tmp_path / "out.txt")
    assert (caught.value.kind, caught.value.message) == ("empty_input", f"{tmp_path} holds no *.csv or *.csv.gz file")
    assert not (tmp_path / "out.txt").exists()
