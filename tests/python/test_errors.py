"""Errors: CsvError(ValueError) with the core's kind, line and column; panics are exceptions."""
import pytest

import csv_kernels
from conftest import WHEEL


def error_of(call, *args, **kwargs):
    with pytest.raises(csv_kernels.CsvError) as info:
        call(*args, **kwargs)
    return info.value


def test_csv_error_is_a_value_error_with_a_position():
    e = error_of(csv_kernels.run, "select a", b"a,b\n1,2\n3\n")
    assert isinstance(e, ValueError)
    assert (e.kind, e.line, e.column, e.record) == ("ragged_row", 3, 2, 3)
    assert e.byte == len(b"a,b\n1,2\n")
    assert str(e).startswith("line 3, column 2: ragged_row: ")
    assert e.message and e.message in str(e)
    assert type(e).__name__ == "CsvError" and type(e).__module__ == "csv_kernels"


@pytest.mark.parametrize(
    "spec, data, kind, line, column",
    [
        ("derive d = digit_factorial_sum(value)", b"id,value\n1,5\n2,x\n", "invalid_number", 3, 2),
        ("select a", b'a\n"open\n', "unclosed_quote", 2, 1),
        ("select a", b"", "empty_input", 1, 1),
        ("select a", b"a\n\x00\n", "nul_byte", 2, 1),
        ("select nope", b"a\n1\n", "unknown_column", 1, 8),
        ("select a\nwhere", b"a\n1\n", "spec_syntax", 2, 6),
        ("derive d = nope(a)", b"a\n1\n", "unknown_kernel", 1, 12),
    ],
)
def test_error_kinds_and_positions(spec, data, kind, line, column):
    e = error_of(csv_kernels.run, spec, data)
    assert (e.kind, e.line, e.column) == (kind, line, column)


def test_profile_errors():
    e = error_of(csv_kernels.profile, b"a,b\n1,2\n3\n")
    assert (e.kind, e.line, e.column) == ("ragged_row", 3, 2)


def test_process_csv_errors(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("id,value\n1,12\n2,1e3\n")
    e = error_of(csv_kernels.process_csv, source, tmp_path / "out.csv")
    assert (e.kind, e.line, e.column) == ("invalid_number", 3, 2)
    e = error_of(csv_kernels.process_csv, source, tmp_path / "out.csv", column="missing")
    assert e.kind == "unknown_column"
    with pytest.raises(FileNotFoundError):
        csv_kernels.process_csv(tmp_path / "missing.csv", tmp_path / "out.csv")


def test_a_rust_panic_is_an_exception_and_the_module_keeps_working():
    """The test wheels (CSV_KERNELS_WHEEL=testing, cargo feature `testing`) have a route that
    panics on purpose; the shipped ones (public) must not have it at all."""
    module = csv_kernels.csv_kernels
    if WHEEL == "public":
        assert not hasattr(module, "_testing"), "the public wheel ships the test-only _testing route"
        assert not any("testing" in name or "panic" in name for name in dir(module))
        return
    # PyO3's PanicException derives from BaseException, so `except Exception` won't hide it.
    with pytest.raises(BaseException, match="deliberate") as info:
        module._testing.panic("deliberate")
    assert type(info.value).__name__ == "PanicException"
    assert csv_kernels.first_n(3) == [2, 3, 5]
    # The test-only route lives in a private submodule, not in the public namespace.
    assert "_testing" not in dir(csv_kernels)
    assert not hasattr(csv_kernels, "_testing")
