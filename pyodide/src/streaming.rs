//! The streaming classes, thin wrappers of the core's: `Job` (a pipeline over chunks) and
//! `Profiler` (column statistics over chunks), as the JS package has them. Each `push` is one
//! call into Rust per chunk; a chunk may end anywhere (inside a quoted field, a CRLF or a
//! UTF-8 sequence).

use crate::errors::IntoPyResult;
use crate::{input, jobs};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use std::sync::Mutex;

/// A pipeline run over a stream of chunks: `push` returns the output completed so far,
/// `finish` the rest and ends the input. The core's job cannot move between threads (its
/// operators are not `Send`), so this object stays in the thread that made it and keeps the
/// GIL during a call; `run` releases it.
#[pyclass(unsendable, name = "Job", module = "csv_kernels")]
pub struct Job {
    inner: csv_kernels::Job,
}

#[pymethods]
impl Job {
    #[new]
    #[pyo3(signature = (pipeline, *, on_error = "fail", tables = None, **options))]
    fn new(
        pipeline: &str,
        on_error: &str,
        tables: Option<&Bound<'_, PyDict>>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Job> {
        let options = jobs::options(on_error, options)?;
        let mut inner = csv_kernels::Job::new(pipeline, options).py_err()?;
        for (name, bytes) in input::tables(tables)? {
            inner.attach(&name, bytes);
        }
        Ok(Job { inner })
    }

    /// Feeds one chunk; returns the output bytes completed by it (often b"").
    fn push<'py>(&mut self, py: Python<'py>, chunk: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
        let mut out = Vec::new();
        self.inner.push(chunk, &mut out).py_err()?;
        Ok(PyBytes::new(py, &out))
    }

    /// Ends the input; returns the last output bytes.
    fn finish<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let mut out = Vec::new();
        self.inner.finish(&mut out).py_err()?;
        Ok(PyBytes::new(py, &out))
    }

    /// Counters so far: rows_in, rows_out, rows_skipped, cells_nulled, bytes_in, bytes_out.
    #[getter]
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let s = self.inner.stats();
        let dict = PyDict::new(py);
        for (key, value) in [
            ("rows_in", s.rows_in),
            ("rows_out", s.rows_out),
            ("rows_skipped", s.rows_skipped),
            ("cells_nulled", s.cells_nulled),
            ("bytes_in", s.bytes_in),
            ("bytes_out", s.bytes_out),
        ] {
            dict.set_item(key, value)?;
        }
        Ok(dict)
    }

    /// True once a `limit` is reached: later input would be ignored.
    #[getter]
    fn is_done(&self) -> bool {
        self.inner.is_done()
    }

    /// The canonical spec of the pipeline this job runs.
    #[getter]
    fn pipeline(&self) -> String {
        self.inner.pipeline().to_string()
    }
}

fn poisoned() -> PyErr {
    PyRuntimeError::new_err("an earlier call panicked: this object is unusable")
}

/// Runs `step` on the profiler's state with the GIL released. The state is behind a lock, so
/// the class may be shared between threads (PyO3 asks `Sync`); the lock is taken and given
/// back inside, without the GIL, so a thread waiting for it never holds the GIL the holder
/// needs. After a panic inside a call the object refuses further calls.
fn detached<T: Send, R: Send>(
    py: Python<'_>,
    inner: &Mutex<T>,
    step: impl FnOnce(&mut T) -> csv_kernels::Result<R> + Send,
) -> PyResult<R> {
    match py.detach(|| inner.lock().ok().map(|mut state| step(&mut state))) {
        Some(result) => result.py_err(),
        None => Err(poisoned()),
    }
}

/// Column statistics over a stream of chunks: the same profile as `profile()` of the whole,
/// each call with the GIL released.
#[pyclass(frozen, name = "Profiler", module = "csv_kernels")]
pub struct Profiler {
    inner: Mutex<csv_kernels::Profiler>,
}

#[pymethods]
impl Profiler {
    #[new]
    #[pyo3(signature = (*, on_error = "fail", **options))]
    fn new(on_error: &str, options: Option<&Bound<'_, PyDict>>) -> PyResult<Profiler> {
        let options = jobs::options(on_error, options)?;
        Ok(Profiler {
            inner: Mutex::new(csv_kernels::Profiler::new(options)),
        })
    }

    fn push(&self, py: Python<'_>, chunk: &[u8]) -> PyResult<()> {
        detached(py, &self.inner, |profiler| profiler.push(chunk))
    }

    /// Ends the input; returns the profile JSON text, as `profile_json()` does.
    fn finish_json(&self, py: Python<'_>) -> PyResult<String> {
        detached(py, &self.inner, |profiler| Ok(profiler.finish()?.to_json()))
    }

    /// Ends the input; returns the profile as a dict, as `profile()` does.
    fn finish<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let json = self.finish_json(py)?;
        py.import("json")?.call_method1("loads", (json,))
    }
}
