"""Every golden case in tests/cases (format: tests/cases/README.md), compared as exact bytes:
a pipeline case through run() and through a Job fed in chunks, a profile case through
profile_json(), profile() and a Profiler fed in chunks. The chunkings are tests/golden.rs's:
the whole input in one push, then chunks of 1, 2, 3, 5, 7 and 64 bytes (a chunk may end
mid-quote, mid-CRLF, mid-UTF-8 sequence, mid-BOM). conftest.py checks at the end of the
session that exactly the case folders present, minus its named exclusions, passed."""
import json

import pytest

import csv_kernels
from conftest import CASES, GOLDEN_EXCLUDED, golden_case_names, golden_folders

CHUNK_SIZES = [None, 1, 2, 3, 5, 7, 64]  # None: the whole input in one push
CASE_NAMES = golden_case_names()


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


def chunks(data, size):
    """`data` cut every `size` bytes (None: whole); an empty input is one empty push."""
    if not data:
        return [b""]
    step = size or len(data)
    return [data[at:at + step] for at in range(0, len(data), step)]


def typed(value):
    """JSON values with their types, so 2.0 (a float) and 2 (an int) do not compare equal."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def outcome(call):
    """("ok", value) or ("error", (kind, line, column)) of a call."""
    try:
        return "ok", call()
    except csv_kernels.CsvError as e:
        return "error", (e.kind, e.line, e.column)


def stats_line(stats):
    return " ".join(f"{key}={stats[key]}" for key in ("rows_in", "rows_out", "rows_skipped", "cells_nulled"))


def test_the_case_folders_are_all_there():
    folders = golden_folders()
    # Each exclusion names a real folder and says why; nothing else is left out.
    for name, reason in GOLDEN_EXCLUDED.items():
        assert name in folders, f"excluded case {name} has no folder"
        assert isinstance(reason, str) and reason.strip(), f"excluded case {name} gives no reason"
    assert CASE_NAMES == [name for name in folders if name not in GOLDEN_EXCLUDED]
    assert len(CASE_NAMES) == len(folders) - len(GOLDEN_EXCLUDED)
    # Every folder is a well-formed case: an input and exactly one expectation that fits it.
    for name in folders:
        case = CASES / name
        assert (case / "input.csv").is_file(), f"{name}: no input.csv"
        expectations = [f for f in ("expected.csv", "expected.json", "expected-error.txt") if (case / f).is_file()]
        allowed = "expected.csv" if (case / "pipeline.txt").is_file() else "expected.json"
        assert expectations in ([allowed], ["expected-error.txt"]), f"{name}: expectations {expectations}"


@pytest.mark.parametrize("name", CASE_NAMES)
def test_golden_case(name):
    case = CASES / name
    data = (case / "input.csv").read_bytes()
    options = read_options(case)
    error_file = case / "expected-error.txt"
    want_error = None
    if error_file.exists():
        kind, line, column = error_file.read_text().split()
        want_error = (kind, int(line), int(column))

    def check(how, got, want_bytes):
        if want_error is not None:
            assert got == ("error", want_error), f"{name} ({how})"
        else:
            assert got == ("ok", want_bytes), f"{name} ({how})"

    spec_file = case / "pipeline.txt"
    if spec_file.exists():
        spec = spec_file.read_bytes().decode("utf-8")
        # Every other *.csv file is the second input of a join, named by its file name.
        tables = {p.name: p.read_bytes() for p in sorted(case.glob("*.csv"))
                  if p.name not in ("input.csv", "expected.csv")}
        if tables:
            options["tables"] = tables
        want = None if want_error else (case / "expected.csv").read_bytes()
        stats_file = case / "expected-stats.txt"
        want_stats = stats_file.read_text().strip() if stats_file.exists() else None
        check("run", outcome(lambda: csv_kernels.run(spec, data, **options)), want)
        for size in CHUNK_SIZES:
            def streamed():
                job = csv_kernels.Job(spec, **options)
                out = [job.push(chunk) for chunk in chunks(data, size)]
                out.append(job.finish())
                return b"".join(out), job.stats

            got = outcome(streamed)
            if got[0] == "ok" and want_stats is not None:
                assert stats_line(got[1][1]) == want_stats, f"{name} (Job, chunk size {size}): stats"
            check(f"Job, chunk size {size}", (got[0], got[1][0]) if got[0] == "ok" else got, want)
    else:
        expected = None if want_error else (case / "expected.json").read_bytes()
        # The profile JSON is compared as bytes: the text every door prints, plus its line end.
        check("profile_json", outcome(lambda: (csv_kernels.profile_json(data, **options) + "\n").encode()), expected)
        want_dict = None if want_error else typed(json.loads(expected))
        check("profile", outcome(lambda: typed(csv_kernels.profile(data, **options))), want_dict)
        for size in CHUNK_SIZES:
            def streamed():
                profiler = csv_kernels.Profiler(**options)
                for chunk in chunks(data, size):
                    profiler.push(chunk)
                return (profiler.finish_json() + "\n").encode()

            check(f"Profiler, chunk size {size}", outcome(streamed), expected)
