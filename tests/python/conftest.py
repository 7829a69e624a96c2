"""Shared paths for the suite. The same files run on CPython (native wheel) and inside
Pyodide 0.29 and 314 (emscripten wheels), where run_in_pyodide.mjs mounts the repository at
its real path, so every path below is the same in all three interpreters."""
import importlib.util
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "tests" / "cases"
BENCHES = REPO / "benches"
IN_PYODIDE = sys.platform == "emscripten"

# Which build of csv_kernels is under test, as scripts/test-python.sh says: "public" (the
# wheels that ship, dist/) or "testing" (built with the cargo feature `testing`, which adds
# the test-only `csv_kernels._testing`). Declared from outside, never guessed from the
# module, so a public wheel that wrongly carried the test route fails instead of passing.
WHEEL = os.environ.get("CSV_KERNELS_WHEEL", "public")
if WHEEL not in ("public", "testing"):
    raise pytest.UsageError(f"CSV_KERNELS_WHEEL must be 'public' or 'testing', not {WHEEL!r}")

# Golden cases the Python door leaves out, by folder name, each with its reason. None: every
# case in tests/cases runs in all three interpreters. The session fails unless exactly the
# case folders present minus these passed (see pytest_sessionfinish below).
GOLDEN_EXCLUDED: dict = {}


def golden_folders():
    """Every case folder in tests/cases, by name, sorted."""
    return sorted(p.name for p in CASES.iterdir() if p.is_dir())


def golden_case_names():
    """The cases the suite must run: every folder but the named exclusions."""
    return [name for name in golden_folders() if name not in GOLDEN_EXCLUDED]


def load_bench_module(name):
    """Imports benches/NAME.py (the pure-Python baselines) without touching sys.path."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The count of golden cases that ran, checked at the end of the session: each passed case is
# recorded by name from its report, so a case dropped from collection, skipped or never run
# cannot go unnoticed.
GOLDEN_TEST = "test_golden.py::test_golden_case["
_golden_passed = set()
_golden_report = []  # lines for the summary, written by pytest_sessionfinish


def _golden_name(nodeid):
    at = nodeid.find(GOLDEN_TEST)
    return nodeid[at + len(GOLDEN_TEST):-1] if at >= 0 and nodeid.endswith("]") else None


def pytest_runtest_logreport(report):
    name = _golden_name(report.nodeid)
    if name is not None and report.when == "call" and report.passed:
        _golden_passed.add(name)


def _narrowed(config):
    """True when the command line picks some tests (-k, -m, a test id, --deselect): then not
    every case is meant to run, and the count is not checked."""
    option = config.option
    return bool(option.keyword or option.markexpr or getattr(option, "deselect", None)
                or any("::" in arg for arg in config.args))


def pytest_sessionfinish(session, exitstatus):
    collected = [name for item in session.items if (name := _golden_name(item.nodeid)) is not None]
    if not collected or _narrowed(session.config):
        return
    want = set(golden_case_names())
    if sorted(collected) != sorted(want):
        _golden_report.append(f"FAILED: collected {len(collected)} golden cases, want {len(want)} "
                              f"({len(golden_folders())} folders - {len(GOLDEN_EXCLUDED)} excluded)")
    if _golden_passed != want:
        missing = sorted(want - _golden_passed)
        _golden_report.append(f"FAILED: {len(_golden_passed & want)} of {len(want)} golden cases passed; "
                              f"not passed: {', '.join(missing[:20])}{' ...' if len(missing) > 20 else ''}")
    if _golden_report:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    else:
        _golden_report.append(f"{len(want)} of {len(golden_folders())} case folders passed "
                              f"({len(GOLDEN_EXCLUDED)} excluded by name)")


def pytest_terminal_summary(terminalreporter):
    for line in _golden_report:
        terminalreporter.write_line(f"golden count check: {line}", red=line.startswith("FAILED"))
