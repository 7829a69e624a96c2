"""Every golden case in tests/cases (format: tests/cases/README.md) through run() and profile()."""
import json

import pytest

import csv_kernels
from conftest import CASES

CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir())


def read_options(case):
    path = case / "options.txt"
    if not path.exists():
        return {}
    options = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, value = line.split("=", 1)
            options[name.strip()] = value.strip()
    return options


def typed(value):
    """JSON values with their types, so 2.0 (a float) and 2 (an int) do not compare equal."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def test_the_cases_are_there():
    assert len(CASE_DIRS) >= 60


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_golden_case(case):
    data = (case / "input.csv").read_bytes()
    options = read_options(case)
    # Every other *.csv file is the second input of a join, named by its file name.
    tables = {p.name: p.read_bytes() for p in sorted(case.glob("*.csv")) if p.name not in ("input.csv", "expected.csv")}
    if tables:
        options["tables"] = tables
    spec_file = case / "pipeline.txt"
    if spec_file.exists():
        spec = spec_file.read_bytes().decode("utf-8")
        call = lambda: csv_kernels.run(spec, data, **options)  # noqa: E731
    else:
        call = lambda: csv_kernels.profile(data, **options)  # noqa: E731

    error_file = case / "expected-error.txt"
    if error_file.exists():
        kind, line, column = error_file.read_text().split()
        with pytest.raises(csv_kernels.CsvError) as info:
            call()
        assert (info.value.kind, info.value.line, info.value.column) == (kind, int(line), int(column))
    elif spec_file.exists():
        assert call() == (case / "expected.csv").read_bytes()
    else:
        expected = json.loads((case / "expected.json").read_bytes())
        assert typed(call()) == typed(expected)
