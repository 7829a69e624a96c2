"""csv_kernels.dask.run: the same pipeline on Dask gives the bytes of one run over the files
concatenated (header once), for any blocksize, on the local scheduler and on a real
distributed cluster of worker processes."""
import os

import pytest

import csv_kernels
from conftest import IN_PYODIDE

if IN_PYODIDE:
    pytest.skip("Dask does not run in Pyodide", allow_module_level=True)

PIPELINES = [
    "",
    "derive d = digit_factorial_sum(value) | where d > 100",
    "group city aggregate n = count(), s = sum(value), m = mean(value), f = first(id), j = string_agg(id, \"-\")",
    "aggregate n = count(), q = median(value), c = count_distinct(city)",
    "distinct city | select city, id",
    "sort -value, id",
    "top 3 by value",
    "take 7 | derive v = value",
    "where value > 500 | group city aggregate n = count() | sort -n, city",
]


def write_files(folder):
    """Three files with one header; quoted cells with line breaks fall across any cut."""
    cities = ["Oslo", "Lima", '"New York, NY"', '"Line\nbreak"']
    paths, rows, n = [], [], 0
    for f in range(3):
        path = folder / f"part{f}.csv"
        lines = ["id,city,value"]
        for i in range(40 + 13 * f):
            n += 1
            lines.append(f"{n},{cities[(n * 7) % 4]},{(n * 7919) % 1000}")
        path.write_bytes(("\n".join(lines) + "\n").encode())
        rows += lines[1:]
        paths.append(path)
    whole = ("\n".join(["id,city,value"] + rows) + "\n").encode()
    return paths, whole


@pytest.mark.parametrize("pipeline", PIPELINES)
@pytest.mark.parametrize("blocksize", [37, 200, "64 MiB"])
def test_local_scheduler_gives_one_runs_bytes(tmp_path, pipeline, blocksize):
    paths, whole = write_files(tmp_path)
    want = csv_kernels.run(pipeline, whole)
    got = csv_kernels.dask.run(pipeline, str(tmp_path / "*.csv"), blocksize=blocksize)
    assert got == want


def test_a_distributed_cluster_gives_the_same_bytes(tmp_path):
    import distributed  # pinned in the suite's requirements: missing is a failure, not a skip
    paths, whole = write_files(tmp_path)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        for pipeline in PIPELINES:
            got = csv_kernels.dask.run(pipeline, [str(p) for p in paths], client=client, blocksize=150)
            assert got == csv_kernels.run(pipeline, whole), pipeline


def test_output_folder_holds_parts_whose_concatenation_is_the_result(tmp_path):
    paths, whole = write_files(tmp_path)
    out = tmp_path / "out"
    written = csv_kernels.dask.run("sort id", [str(p) for p in paths], blocksize=100, output=str(out))
    assert [os.path.basename(p) for p in written] == [f"part-{i:05d}.csv" for i in range(len(written))]
    assert len(written) > 1
    assert b"".join(open(p, "rb").read() for p in written) == csv_kernels.run("sort id", whole)


def test_arrow_gives_a_typed_pyarrow_table(tmp_path):
    import pyarrow  # pinned in the suite's requirements: missing is a failure, not a skip
    paths, whole = write_files(tmp_path)
    spec = "group city aggregate n = count(), m = mean(value) | sort city"
    table = csv_kernels.dask.run(spec, str(tmp_path / "*.csv"), blocksize=64, format="arrow")
    assert isinstance(table, pyarrow.Table)
    assert table.equals(pyarrow.table(csv_kernels.run(spec, whole, format="arrow")))
    assert [str(t) for t in table.schema.types] == ["string", "int64", "double"]


def test_row_errors_name_the_file_and_its_line(tmp_path):
    paths, _ = write_files(tmp_path)
    lines = paths[1].read_bytes().split(b"\n")
    row = next(i for i, line in enumerate(lines) if line.startswith(b"45,"))
    lines[row] = b"45,Oslo,abc"
    paths[1].write_bytes(b"\n".join(lines))
    with pytest.raises(csv_kernels.CsvError) as info:
        csv_kernels.dask.run("derive d = value + 1", str(tmp_path / "*.csv"), blocksize=64)
    # lines[row] is the file's physical line row + 1 (line breaks inside quotes count too).
    assert str(info.value).startswith(f"{paths[1]}: line {row + 1}, column 3: invalid_number")
    assert (info.value.kind, info.value.line, info.value.file) == ("invalid_number", row + 1, str(paths[1]))


def test_headers_that_differ_are_an_error_naming_both_files(tmp_path):
    paths, _ = write_files(tmp_path)
    paths[2].write_bytes(b"id,town,value\n1,Oslo,2\n")
    with pytest.raises(csv_kernels.CsvError, match="part2.csv.*part0.csv"):
        csv_kernels.dask.run("", [str(p) for p in paths])


def test_importing_csv_kernels_does_not_import_dask():
    import subprocess
    import sys

    code = "import sys, csv_kernels; assert 'dask' not in sys.modules; print(csv_kernels.dask.run.__name__)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout == "run\n"


def test_a_sniffed_dialect_is_decided_once_by_the_core(tmp_path):
    paths, whole = write_files(tmp_path)
    for path in paths:
        path.write_bytes(path.read_bytes().replace(b",", b";"))
    spec = "group city aggregate n = count() | sort city"
    got = csv_kernels.dask.run(spec, str(tmp_path / "*.csv"), blocksize=64, sniff=True)
    assert got == csv_kernels.run(spec, whole.replace(b",", b";"), sniff=True)
    assert got.startswith(b"city;n\n")  # written in the dialect it read
