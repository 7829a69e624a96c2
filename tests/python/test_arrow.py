"""format="arrow": an object with the Arrow PyCapsule stream interface, read by pyarrow,
Polars and DuckDB through the C data interface (CPython; Pyodide has none of the three, so
there only the capsule and the IPC bytes are checked)."""
import datetime

import pytest

import csv_kernels
from conftest import IN_PYODIDE

SPEC = "derive n = int(value) * 2, half = float(value) / 2, big = int(value) > 3, d = date(day), t = datetime(day)"
DATA = b"id,value,day\n1,1,2024-01-31\n2,,\n3,5,1999-12-31T23:59:58\n"
ROWS = [
    {"id": "1", "value": "1", "day": "2024-01-31", "n": 2, "half": 0.5, "big": False,
     "d": datetime.date(2024, 1, 31), "t": datetime.datetime(2024, 1, 31)},
    {"id": "2", "value": None, "day": None, "n": None, "half": None, "big": False, "d": None, "t": None},
    {"id": "3", "value": "5", "day": "1999-12-31T23:59:58", "n": 10, "half": 2.5, "big": True,
     "d": datetime.date(1999, 12, 31), "t": datetime.datetime(1999, 12, 31, 23, 59, 58)},
]


def test_the_stream_is_a_capsule_over_ipc_bytes():
    x = csv_kernels.run(SPEC, DATA, format="arrow")
    capsule = x.__arrow_c_stream__()
    assert type(capsule).__name__ == "PyCapsule"
    assert repr(x) == "<csv_kernels.ArrowStream 3 rows: id, value, day, n, half, big, d, t>"
    ipc = bytes(x)
    assert ipc[:4] == b"\xff\xff\xff\xff" and ipc[-8:] == b"\xff\xff\xff\xff\x00\x00\x00\x00"
    assert isinstance(csv_kernels.ArrowStream, type)


@pytest.mark.skipif(IN_PYODIDE, reason="pyarrow, Polars and DuckDB are not in Pyodide's npm runtime")
class TestReaders:
    def test_pyarrow(self):
        import pyarrow as pa

        table = pa.table(csv_kernels.run(SPEC, DATA, format="arrow"))
        table.validate(full=True)
        assert [str(t) for t in table.schema.types] == [
            "string", "string", "string", "int64", "double", "bool", "date32[day]", "timestamp[us]",
        ]
        assert table.to_pylist() == ROWS
        # The same bytes through pyarrow's own IPC reader.
        import pyarrow.ipc

        assert pyarrow.ipc.open_stream(bytes(csv_kernels.run(SPEC, DATA, format="arrow"))).read_all() == table

    def test_polars(self):
        import polars as pl

        frame = pl.DataFrame(csv_kernels.run(SPEC, DATA, format="arrow"))
        assert [str(t) for t in frame.dtypes] == [
            "String", "String", "String", "Int64", "Float64", "Boolean", "Date", "Datetime(time_unit='us', time_zone=None)",
        ]
        assert frame.to_dicts() == ROWS

    def test_duckdb(self):
        import duckdb

        x = csv_kernels.run(SPEC, DATA, format="arrow")
        assert duckdb.sql("select id, n, d from x where n > 2").fetchall() == [("3", 10, datetime.date(1999, 12, 31))]
        # The object can be read again: each call makes a new stream.
        assert duckdb.sql("select count(*), sum(n) from x").fetchall() == [(3, 12)]

    def test_many_batches_and_a_folder(self, tmp_path):
        import pyarrow as pa

        for part in range(3):
            rows = "".join(f"{part * 40_000 + i},{i % 97}\n" for i in range(40_000))
            (tmp_path / f"part-{part}.csv").write_text("id,value\n" + rows)
        table = pa.table(csv_kernels.run("derive v = int(value) | sort -v, id | take 100000", tmp_path, format="arrow"))
        assert table.num_rows == 100_000
        assert len(table["v"].chunks) == 2  # 65,536 rows a batch
        assert table["v"][0].as_py() == 96 and table["id"][0].as_py() == "96"

    def test_an_empty_result_is_a_schema(self):
        import pyarrow as pa

        table = pa.table(csv_kernels.run("filter id = \"none\" | derive n = 1", b"id\n1\n", format="arrow"))
        assert (table.num_rows, table.schema.names, str(table.schema.types[1])) == (0, ["id", "n"], "int64")
