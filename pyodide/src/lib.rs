//! `import csv_kernels`: the Python door into the csv-kernels core, for CPython (native abi3
//! wheel) and Pyodide (wasm32-unknown-emscripten wheels). Only conversions and error mapping
//! live here; the stubs in `csv_kernels.pyi` document the API.

mod arrow;
mod errors;
mod input;
mod jobs;
mod language;
mod primes;
mod split;
mod streaming;

use errors::{CsvError, IntoPyResult};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyInt};

/// The first `count` primes.
#[pyfunction]
fn first_n(py: Python<'_>, count: usize) -> PyResult<Bound<'_, pyo3::types::PyList>> {
    primes::first_n(py, count)
}

/// The sum of the factorials of the decimal digits of an integer (an `int` or its text).
#[pyfunction]
fn digit_factorial_sum(value: &Bound<'_, PyAny>) -> PyResult<u64> {
    let text = if value.is_instance_of::<PyInt>() {
        value.str()?.to_string()
    } else {
        value
            .extract::<String>()
            .map_err(|_| pyo3::exceptions::PyTypeError::new_err("value must be an int or a str"))?
    };
    csv_kernels::digit_factorial_sum(text).py_err()
}

/// The seed job: copies `input_path` to `output_path` with one more column holding
/// `digit_factorial_sum(column)`, streaming in chunks on `threads` threads (default: every
/// core). Returns the number of rows written. An existing output is written over in place
/// (`csv_kernels::OutputFile`); an output that is an input is refused.
#[pyfunction]
#[pyo3(signature = (input_path, output_path, column = "value", new_column = "digit_factorial_sum", *, threads = None))]
fn process_csv(
    py: Python<'_>,
    input_path: std::path::PathBuf,
    output_path: std::path::PathBuf,
    column: &str,
    new_column: &str,
    threads: Option<usize>,
) -> PyResult<u64> {
    let pipeline = csv_kernels::Pipeline::seed(column, new_column);
    let threads = jobs::threads(threads)?;
    let stats =
        py.detach(|| jobs::run_file_to_file(pipeline, &input_path, &output_path, threads))?;
    Ok(stats.rows_out)
}

/// Runs a pipeline spec over CSV `data` (bytes: content; str/PathLike: a path) and returns the
/// output bytes. Keyword options are the core's (delimiter, quote, header, crlf, sniff, format,
/// max_field_bytes, max_record_bytes, max_columns; any spelling `Options.set` accepts).
/// `format="ndjson"` or `"json"` writes JSON typed by each column's expression type, `"tsv"`
/// tab-separated values; the default is CSV. `memory_limit="64MiB"` bounds sort, group,
/// distinct, top and joins (default 256 MiB; past it they spill to temporary files).
/// `tables={"cities": b"..." or a path}` gives the second inputs of `join (cities)` steps.
/// `format="arrow"` returns an `ArrowStream` (`__arrow_c_stream__`) instead of bytes.
/// `threads=N` runs on N threads (default: every core); the output is the same bytes.
#[pyfunction]
#[pyo3(signature = (pipeline, data, *, on_error = "fail", tables = None, threads = None, **options))]
fn run<'py>(
    py: Python<'py>,
    pipeline: &str,
    data: &Bound<'py, PyAny>,
    on_error: &str,
    tables: Option<&Bound<'py, PyDict>>,
    threads: Option<usize>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let threads = jobs::threads(threads)?;
    let options = jobs::options(on_error, options)?;
    let tables = input::tables(tables)?;
    let data = input::Data::from_py(data)?;
    let (memory, path) = (data.in_memory(), data.path());
    let output = py.detach(|| jobs::run(pipeline, memory, path, options, tables, threads))?;
    if options.format == csv_kernels::format::OutputFormat::Arrow {
        let stream = py
            .detach(|| arrow::ArrowStreamObject::new(output))
            .py_err()?;
        return Ok(Bound::new(py, stream)?.into_any());
    }
    Ok(PyBytes::new(py, &output).into_any())
}

/// Profiles CSV `data` (bytes: content; str/PathLike: a path): a dict shaped like the core's
/// profile JSON, version 2 (rows, rows_skipped, columns with type, counts, distinct, range,
/// mean, stddev, quartiles, top values, histogram).
#[pyfunction]
#[pyo3(signature = (data, *, on_error = "fail", **options))]
fn profile<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    on_error: &str,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let json = profile_json(py, data, on_error, options)?;
    // The core's JSON is the one shape every door shares; json.loads turns it into a dict.
    py.import("json")?.call_method1("loads", (json,))
}

/// The profile of CSV `data` as the core's JSON text, byte for byte what every other door
/// gives (the CLI's `profile` prints it with a line end).
#[pyfunction]
#[pyo3(signature = (data, *, on_error = "fail", **options))]
fn profile_json<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    on_error: &str,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<String> {
    let options = jobs::options(on_error, options)?;
    let data = input::Data::from_py(data)?;
    let (memory, path) = (data.in_memory(), data.path());
    Ok(py.detach(|| match (memory, path) {
        (Some(bytes), _) => Ok(csv_kernels::profile(bytes, &options)?.to_json()),
        (None, Some(path)) => jobs::profile_file(path, options),
        (None, None) => unreachable!("data is either in memory or a path"),
    })?)
}

#[pymodule(name = "csv_kernels")]
fn csv_kernels_py(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__doc__", language::module_doc())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("CsvError", m.py().get_type::<CsvError>())?;
    m.add_class::<arrow::ArrowStreamObject>()?;
    m.add("OPTION_NAMES", csv_kernels::OPTION_NAMES.to_vec())?;
    m.add_function(wrap_pyfunction!(first_n, m)?)?;
    m.add_function(wrap_pyfunction!(digit_factorial_sum, m)?)?;
    m.add_function(wrap_pyfunction!(process_csv, m)?)?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(profile, m)?)?;
    m.add_function(wrap_pyfunction!(profile_json, m)?)?;
    m.add_class::<streaming::Job>()?;
    m.add_class::<streaming::Profiler>()?;
    m.add_function(wrap_pyfunction!(language::sniff, m)?)?;
    m.add_function(wrap_pyfunction!(language::registry, m)?)?;
    // Only in test builds (feature `testing`, scripts/build-python.sh --testing): the public
    // wheels do not have it. An attribute, not add_submodule: that would list it in __all__.
    #[cfg(feature = "testing")]
    m.setattr("_testing", language::testing::module(m.py())?)?;
    m.add_function(wrap_pyfunction!(split::_cuts, m)?)?;
    m.add_function(wrap_pyfunction!(split::_dialect, m)?)?;
    m.add_function(wrap_pyfunction!(split::_part, m)?)?;
    m.add_function(wrap_pyfunction!(split::_merge, m)?)?;
    split::add_dask(m)?;
    Ok(())
}
