//! Jobs over files: the input is read in chunks and (for `process_csv`) the output written as
//! it is produced, so memory stays flat whatever the file size. Runs with the GIL released,
//! on `threads` threads (the core's parallel reader: the same bytes as one thread).

use crate::errors::{map_error, Failure};
use csv_kernels::{
    inputs, stream, Job, OptionValue, Options, OutputFile, Pipeline, Profiler, Stats,
};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyString};
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// Keyword options, handed typed to the core's `Options::set_value`, which alone decides names
/// and values (an int past 64 bits goes as its decimal text, which the core then refuses).
pub fn options(on_error: &str, extra: Option<&Bound<'_, PyDict>>) -> PyResult<Options> {
    let mut options = Options::default();
    options.set("on_error", on_error).map_err(map_error)?;
    for (name, value) in extra.into_iter().flatten() {
        let name: String = name.extract()?;
        let text;
        let typed = if value.is_instance_of::<PyBool>() {
            OptionValue::Bool(value.is_truthy()?)
        } else if let (true, Ok(n)) = (value.is_instance_of::<PyInt>(), value.extract::<i64>()) {
            OptionValue::Int(n)
        } else if value.is_instance_of::<PyInt>() || value.is_instance_of::<PyString>() {
            text = value.str()?.to_string();
            OptionValue::Text(&text)
        } else {
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "option {name}: expected a str, int or bool, not {}",
                value.get_type().name()?
            )));
        };
        options.set_value(&name, typed).map_err(map_error)?;
    }
    Ok(options)
}

/// Runs `pipeline` over CSV in `memory` or else the file at `path`, with the joins' second
/// inputs `tables`; the output is returned whole (it becomes `bytes`).
pub fn run(
    pipeline: &str,
    memory: Option<&[u8]>,
    path: Option<&PathBuf>,
    options: Options,
    tables: Vec<(String, Vec<u8>)>,
    threads: usize,
) -> Result<Vec<u8>, Failure> {
    let mut job = Job::new(pipeline, options)?;
    for (name, bytes) in &tables {
        job.attach(name, bytes.clone());
    }
    let mut out = Vec::new();
    match (memory, path) {
        (Some(bytes), _) => {
            out.reserve(bytes.len() + bytes.len() / 4);
            stream::run_on_threads::<Failure>(job, bytes, &mut out, threads)?;
        }
        (None, Some(path)) => match inputs::expand::<Failure>(path)? {
            Some(files) => {
                let pipeline = job.pipeline().clone();
                inputs::run_files::<Failure>(
                    &pipeline, &options, &files, tables, &mut out, threads,
                )?;
            }
            None => {
                stream::run_on_threads::<Failure>(job, File::open(path)?, &mut out, threads)?;
            }
        },
        (None, None) => unreachable!("data is either in memory or a path"),
    }
    Ok(out)
}

/// Runs `pipeline` from `input` (a file, or a folder or glob read as one input) to
/// `output`, writing each chunk's output as it is produced.
pub fn run_file_to_file(
    pipeline: Pipeline,
    input: &PathBuf,
    output: &Path,
    threads: usize,
) -> Result<Stats, Failure> {
    let options = Options::default();
    // Expanded before the output is created: a bad folder leaves no empty output behind.
    let files = inputs::expand::<Failure>(input)?;
    let read: Vec<&Path> = match &files {
        Some(files) => files.iter().map(PathBuf::as_path).collect(),
        None => vec![input.as_path()],
    };
    let mut sink = BufWriter::new(OutputFile::create(output, &read)?);
    let stats = match &files {
        Some(files) => {
            let run = inputs::run_files::<Failure>(
                &pipeline,
                &options,
                files,
                Vec::new(),
                &mut sink,
                threads,
            );
            run?.0
        }
        None => stream::run_on_threads::<Failure>(
            Job::with_pipeline(pipeline, options),
            File::open(input)?,
            &mut sink,
            threads,
        )?,
    };
    sink.into_inner().map_err(|e| e.into_error())?.finish()?;
    Ok(stats)
}

/// The `threads=` of `run` and `process_csv`: every core when not given, and one in Pyodide
/// (no threads), whatever was asked.
pub fn threads(asked: Option<usize>) -> PyResult<usize> {
    if asked == Some(0) {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "threads must be at least 1",
        ));
    }
    if cfg!(target_arch = "wasm32") {
        return Ok(1);
    }
    let every_core = || std::thread::available_parallelism().map_or(1, |n| n.get());
    Ok(asked.unwrap_or_else(every_core))
}

/// Profiles the file at `path`; returns the core's profile JSON.
pub fn profile_file(path: &PathBuf, options: Options) -> Result<String, Failure> {
    if let Some(files) = inputs::expand::<Failure>(path)? {
        return Ok(inputs::profile_files::<Failure>(&options, &files)?.to_json());
    }
    let mut profiler = Profiler::new(options);
    Ok(stream::run_profiler::<Failure>(&mut profiler, File::open(path)?)?.to_json())
}
