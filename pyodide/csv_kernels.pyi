"""CSV data kernels written once in Rust (csv-kernels): the same bytes in CPython and Pyodide."""

import os
from typing import Any, Final, Union

__version__: Final[str]
OPTION_NAMES: Final[list[str]]

#: CSV content (bytes) or a path to a CSV file (str or os.PathLike).
Data = Union[bytes, bytearray, str, "os.PathLike[str]"]
#: Extra keyword options, as the core's Options.set takes them: delimiter, quote, header,
#: crlf, max_field_bytes, max_record_bytes, max_columns (snake_case, camelCase or kebab-case).
OptionValue = Union[str, int, bool]

class CsvError(ValueError):
    """A CSV, pipeline or option error, with the core's stable kind name and position."""

    kind: str
    """Stable snake_case name, e.g. "ragged_row", "invalid_number", "spec_syntax"."""
    line: int
    """1-based line of the input (or of the pipeline spec for spec errors); 0 if none."""
    column: int
    """1-based CSV column (or character of the spec for spec errors); 0 if none."""
    record: int
    """1-based record number (the header is record 1); 0 if none."""
    byte: int
    """Byte offset of the record's start in the input."""
    message: str
    """The human message, without the position prefix."""

def first_n(count: int) -> list[int]:
    """The first `count` primes, in order."""

def digit_factorial_sum(value: Union[int, str]) -> int:
    """The sum of the factorials of the decimal digits of an integer (sign and spaces ignored)."""

def process_csv(
    input_path: Union[str, "os.PathLike[str]"],
    output_path: Union[str, "os.PathLike[str]"],
    column: str = "value",
    new_column: str = "digit_factorial_sum",
) -> int:
    """Copies a CSV file adding `new_column = digit_factorial_sum(column)`, streaming in
    chunks; returns the number of rows written."""

def run(pipeline: str, data: Data, *, on_error: str = "fail", **options: OptionValue) -> bytes:
    """Runs a pipeline spec (e.g. "derive dfs = digit_factorial_sum(value) | where dfs > 100")
    over CSV `data` (bytes: content; str/PathLike: a path) and returns the output CSV bytes.
    `on_error` is "fail", "skip" or "null". Raises CsvError."""

def profile(data: Data, *, on_error: str = "fail", **options: OptionValue) -> dict[str, Any]:
    """One-pass column statistics of CSV `data`: {"rows", "rows_skipped", "columns": [...]},
    the same shape as the profile JSON of every other csv-kernels door. Raises CsvError."""
