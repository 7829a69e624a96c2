"""CSV data kernels written once in Rust (csv-kernels): the same bytes in CPython and Pyodide.

At run time this docstring also lists the pipeline language (every step, function and
aggregate), generated from the core's registry; `registry()` gives the same as data."""

import os
from typing import Any, Final, Optional, TypedDict, Union

__version__: Final[str]
OPTION_NAMES: Final[list[str]]

#: CSV content (bytes) or a path to a CSV file (str or os.PathLike).
Data = Union[bytes, bytearray, str, "os.PathLike[str]"]
#: Extra keyword options, as the core's Options.set takes them: delimiter, quote, comment, header,
#: crlf, sniff (True, False or "dialect"), format, max_field_bytes, max_record_bytes, max_columns (snake_case, camelCase
#: or kebab-case). format is "csv" (default), "tsv", "ndjson" or "json": JSON values are typed
#: by each column's expression type (numbers unquoted, null for an empty cell).
OptionValue = Union[str, int, bool]

class CsvError(ValueError):
    """A CSV, pipeline or option error, with the core's stable kind name and position."""

    kind: str
    """Stable snake_case name, e.g. "ragged_row", "invalid_number", "spec_syntax"."""
    is_spec_error: bool
    """An error in the pipeline spec: line and column point into the spec text."""
    is_row_error: bool
    """Confined to one record: on_error="skip" or "null" may step over it."""
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
    file: Optional[str]
    """The file of a folder or glob input the position is in; None for one input."""

class ArrowStream:
    """The result of run(..., format="arrow"): implements the Arrow PyCapsule stream
    interface, so pyarrow.table(x), polars.DataFrame(x) and duckdb.sql("... from x") read it
    through the C data interface without a copy; each call makes a new stream, so it can be
    read more than once. bytes(x) is the Arrow IPC stream."""

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any: ...
    def __bytes__(self) -> bytes: ...

def first_n(count: int) -> list[int]:
    """The first `count` primes, in order."""

def digit_factorial_sum(value: Union[int, str]) -> int:
    """The sum of the factorials of the decimal digits of an integer (sign and spaces ignored)."""

def process_csv(
    input_path: Union[str, "os.PathLike[str]"],
    output_path: Union[str, "os.PathLike[str]"],
    column: str = "value",
    new_column: str = "digit_factorial_sum",
    *,
    threads: int | None = None,
) -> int:
    """Copies a CSV file adding `new_column = digit_factorial_sum(column)`, streaming in
    chunks on `threads` threads (default: every core; the output is the same bytes, and
    Pyodide runs on one); returns the number of rows written. `input_path` may be a folder (its *.csv
    files in name order) or a glob ("data/2024-*.csv"): the files are read as one input with
    the header once (differing headers raise CsvError "header_mismatch"), on every core.
    An existing `output_path` is written over in place and cut after the output (after a
    failure: after the rows written before it); one that is also an input raises OSError
    before anything is written."""

def run(
    pipeline: str,
    data: Data,
    *,
    on_error: str = "fail",
    tables: dict[str, Data] | None = None,
    threads: int | None = None,
    **options: OptionValue,
) -> Union[bytes, ArrowStream]:
    """Runs a pipeline spec (e.g. "derive dfs = digit_factorial_sum(value) | where dfs > 100")
    over CSV `data` (bytes: content; str/PathLike: a path) and returns the output bytes: CSV,
    or with format="tsv" | "ndjson" | "json" that format, e.g.
    run("select id, x / 2 as half", b"id,x\n1,7\n2,\n", format="ndjson")
    == b'{"id":"1","half":3.5}\n{"id":"2","half":null}\n'.
    `on_error` is "fail", "skip" or "null". `tables` gives the second inputs of `join (name)`
    steps by name; `memory_limit="64MiB"` bounds sort, group, distinct, top and joins (default
    256 MiB, past which they spill to temporary files). format="arrow" returns an
    ArrowStream. A path may be a folder or a glob, read as one input. `threads` (default:
    every core; one in Pyodide) gives the same bytes whatever its value, with the GIL
    released throughout. Raises CsvError."""

def profile(data: Data, *, on_error: str = "fail", **options: OptionValue) -> dict[str, Any]:
    """One-pass column statistics of CSV `data`: {"version": 2, "rows", "rows_skipped",
    "columns": [...]}, the same shape as the profile JSON of every other csv-kernels door
    (per column: type, count, nulls, distinct, min/max, mean, stddev, q1/median/q3,
    top_values, histogram, as the type allows). Raises CsvError."""

def profile_json(data: Data, *, on_error: str = "fail", **options: OptionValue) -> str:
    """The profile of CSV `data` as the core's JSON text, byte for byte what every other
    csv-kernels door gives (the CLI's `profile` prints it plus a line end); `profile()` is
    this text parsed. Raises CsvError."""

class JobStats(TypedDict):
    rows_in: int
    """Data records read (the header excluded), bad ones included."""
    rows_out: int
    rows_skipped: int
    """Rows dropped by on_error="skip" or "null"."""
    cells_nulled: int
    """Cells left empty by on_error="null"."""
    bytes_in: int
    bytes_out: int

class Job:
    """A pipeline run over a stream of chunks, e.g. a file read piece by piece:
    job = Job("where x > 1"); out = [job.push(c) for c in chunks] + [job.finish()].
    The output is the same bytes as run() of the whole input, however it is cut (a chunk may
    end inside a quoted field or a UTF-8 sequence). Options as for run(); format="arrow"
    gives the Arrow IPC stream's bytes. A Job stays in the thread that made it and keeps the
    GIL during push and finish. Raises CsvError."""

    def __init__(
        self,
        pipeline: str,
        *,
        on_error: str = "fail",
        tables: dict[str, Data] | None = None,
        **options: OptionValue,
    ) -> None: ...
    def push(self, chunk: bytes) -> bytes:
        """Feeds one chunk; returns the output bytes it completed (often b"")."""
    def finish(self) -> bytes:
        """Ends the input; returns the last output bytes."""
    @property
    def stats(self) -> JobStats:
        """Counters so far."""
    @property
    def is_done(self) -> bool:
        """True once a `limit` is reached: later input would be ignored."""
    @property
    def pipeline(self) -> str:
        """The canonical spec of the pipeline."""

class Profiler:
    """Column statistics over a stream of chunks: the same profile as profile() of the
    whole input, however it is cut. Each call releases the GIL. Raises CsvError."""

    def __init__(self, *, on_error: str = "fail", **options: OptionValue) -> None: ...
    def push(self, chunk: bytes) -> None: ...
    def finish(self) -> dict[str, Any]:
        """Ends the input; returns the profile as profile() does."""
    def finish_json(self) -> str:
        """Ends the input; returns the profile JSON text as profile_json() does."""

class Sniffed(TypedDict):
    delimiter: str
    quote: Optional[str]
    """None when no field in the sample is quoted."""
    header: bool
    columns: int
    """Fields in the most common row shape of the sample."""
    rows: int
    """Rows in the sample (blank lines not counted)."""
    reason: str
    """What decided each part, for people."""

def sniff(data: Data) -> Sniffed:
    """The dialect of CSV `data` (bytes: content; str/PathLike: a path, of which only the start
    is read), guessed by the core from its first 64 KB. delimiter, quote and header work as
    keyword options as they are; sniff=True (or "dialect": delimiter and quote only) lets
    run/profile sniff for themselves."""

class StepInfo(TypedDict):
    name: str
    aliases: list[str]
    syntax: str
    doc: str
    streaming: bool

class FunctionParam(TypedDict):
    name: str
    type: str
    optional: bool

class FunctionInfo(TypedDict):
    name: str
    params: list[FunctionParam]
    min_args: int
    max_args: Optional[int]
    """None for a variadic function."""
    variadic: bool
    signature: str
    doc: str

class AggregateInfo(TypedDict):
    name: str
    params: list[str]
    doc: str

class Registry(TypedDict):
    steps: list[StepInfo]
    functions: list[FunctionInfo]
    aggregates: list[AggregateInfo]
    types: list[str]
    formats: list[str]
    options: list[str]

def registry() -> Registry:
    """The pipeline language as data, from the core's one registry: every step, function and
    aggregate with its syntax or signature and a one-line doc."""
