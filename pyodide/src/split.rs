//! The pieces of a split run for `csv_kernels.dask` (pyodide/src/dask.py): where to cut a
//! file, one part, and the merge. Private (`_cuts`, `_part`, `_merge`): Dask's tasks call them.

use crate::errors::map_error;
use crate::input;
use crate::jobs;
use csv_kernels::reader::cuts::{cuts, Cut};
use csv_kernels::{Job, Options, Pipeline};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use std::fs::File;
use std::path::PathBuf;

/// Where a part starts: `(byte, line, record)`.
type Place = (u64, u64, u64);

fn cut((byte, line, record): Place) -> Cut {
    Cut { byte, line, record }
}

/// `(first_record_end, [(byte, line, record), ...])`: where the file at `path` has its first
/// record (the header, or without one the first row), and where its parts start, about
/// `blocksize` bytes apart, each at a record start.
#[pyfunction]
#[pyo3(signature = (path, blocksize, *, on_error = "fail", **options))]
pub fn _cuts(
    py: Python<'_>,
    path: PathBuf,
    blocksize: u64,
    on_error: &str,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<(u64, Vec<Place>)> {
    let options = Options {
        sniff: csv_kernels::Sniff::Off, // decided once, by `_dialect`
        ..jobs::options(on_error, options)?
    };
    let found = py.detach(|| -> Result<_, crate::errors::Failure> {
        Ok(cuts(File::open(&path)?, &options, blocksize)?)
    })?;
    let parts = found.parts.iter().map(|c| (c.byte, c.line, c.record));
    Ok((found.first_record_end, parts.collect()))
}

/// The options a split run reads every file with: with `sniff` asked for, the dialect the
/// core decides from the first 64 KB of the file at `path` (as one job would), as option text.
/// Returns `{delimiter, quote, header}`.
#[pyfunction]
#[pyo3(signature = (path, *, on_error = "fail", **options))]
pub fn _dialect(
    path: PathBuf,
    on_error: &str,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<(String, String, bool)> {
    let mut options = jobs::options(on_error, options)?;
    if options.sniff != csv_kernels::Sniff::Off {
        let mut sample = Vec::new();
        let file = File::open(&path).map_err(PyErr::from)?;
        std::io::Read::read_to_end(
            &mut std::io::Read::take(file, csv_kernels::sniff::SAMPLE_BYTES as u64),
            &mut sample,
        )
        .map_err(PyErr::from)?;
        csv_kernels::sniff::resolve(&mut options, &sample);
    }
    let text = |b: u8| char::from(b).to_string();
    Ok((text(options.delimiter), text(options.quote), options.header))
}

/// One part: `header` (the file's first record) then `data`, which starts at `at` (byte,
/// line, record) of its file. Errors name their place in the file.
#[pyfunction]
#[pyo3(signature = (pipeline, first_record, data, part, at, *, on_error = "fail", tables = None, **options))]
#[allow(clippy::too_many_arguments)]
pub fn _part<'py>(
    py: Python<'py>,
    pipeline: &str,
    first_record: &[u8],
    data: &[u8],
    part: u64,
    at: Place,
    on_error: &str,
    tables: Option<&Bound<'py, PyDict>>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let (pipeline, options, tables) = prepared(pipeline, on_error, tables, options)?;
    let out = py.detach(|| -> csv_kernels::Result<Vec<u8>> {
        let mut job = with_tables(Job::part(pipeline, options, part), tables);
        let mut out = Vec::new();
        // Without a header the part needs nothing before its own rows.
        let header = if options.header {
            first_record
        } else {
            &[][..]
        };
        job.push(header, &mut out)
            .and_then(|()| job.push(data, &mut out))
            .and_then(|()| job.finish(&mut out))
            .map_err(|e| cut(at).place(e, header, &options))?;
        Ok(out)
    });
    Ok(PyBytes::new(py, &out.map_err(map_error)?))
}

/// The second inputs of joins, by name.
type Tables = Vec<(String, Vec<u8>)>;

/// The pipeline, options and second inputs of a part or a merge, from their Python values.
fn prepared(
    pipeline: &str,
    on_error: &str,
    tables: Option<&Bound<'_, PyDict>>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<(Pipeline, Options, Tables)> {
    let options = jobs::options(on_error, options)?;
    let tables = input::tables(tables)?;
    Ok((
        Pipeline::parse(pipeline).map_err(map_error)?,
        options,
        tables,
    ))
}

fn with_tables(mut job: Job, tables: Tables) -> Job {
    for (name, bytes) in tables {
        job.attach(&name, bytes);
    }
    job
}

/// Merges the parts' outputs, in part order, into the whole run's output.
#[pyfunction]
#[pyo3(signature = (pipeline, first_record, parts, *, on_error = "fail", tables = None, **options))]
pub fn _merge<'py>(
    py: Python<'py>,
    pipeline: &str,
    first_record: &[u8],
    parts: Vec<Vec<u8>>,
    on_error: &str,
    tables: Option<&Bound<'py, PyDict>>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let (pipeline, options, tables) = prepared(pipeline, on_error, tables, options)?;
    let out = py.detach(|| -> csv_kernels::Result<Vec<u8>> {
        let mut job = with_tables(Job::merging(pipeline, options, first_record)?, tables);
        let mut out = Vec::new();
        for part in &parts {
            job.push(part, &mut out)?;
        }
        job.finish(&mut out)?;
        Ok(out)
    });
    Ok(PyBytes::new(py, &out.map_err(map_error)?))
}

/// `csv_kernels.dask`, from dask.py beside this file, registered so `import csv_kernels.dask`
/// finds it (and Dask's workers, which import task functions by name, find it too).
pub fn add_dask(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let source = std::ffi::CString::new(include_str!("dask.py")).expect("no NUL in dask.py");
    let dask = PyModule::from_code(py, &source, c"csv_kernels/dask.py", c"csv_kernels.dask")?;
    py.import("sys")?
        .getattr("modules")?
        .set_item("csv_kernels.dask", &dask)?;
    // In `__all__`, so the package's `from .csv_kernels import *` makes it `csv_kernels.dask`.
    m.add("dask", dask)
}
