//! The one mapping from core errors to Python exceptions.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBool;

pyo3::create_exception!(
    csv_kernels,
    CsvError,
    PyValueError,
    "A CSV, pipeline or option error. `kind` is the core's stable snake_case name \
     (e.g. \"ragged_row\"); `line` and `column` are 1-based (0: not applicable): a line and CSV \
     column of the input, or a line and character of the pipeline spec for spec errors; \
     `file` names the file of a folder or glob input the position is in (else None)."
);

/// Turns a core error into `CsvError` carrying the same kind and position as every other door.
pub fn map_error(error: csv_kernels::Error) -> PyErr {
    Python::attach(|py| {
        let err = CsvError::new_err(error.to_string());
        let value = err.value(py);
        let position = error.position;
        let set = |name: &str, attribute: Bound<'_, PyAny>| {
            // Setting an attribute on a fresh exception instance cannot fail.
            value
                .setattr(name, attribute)
                .expect("exception attributes are writable");
        };
        set(
            "kind",
            error.kind.name().into_pyobject(py).unwrap().into_any(),
        );
        // The core's verdicts on the kind, as they are.
        for (name, verdict) in [
            ("is_spec_error", error.kind.is_spec_error()),
            ("is_row_error", error.kind.is_row_error()),
        ] {
            set(name, PyBool::new(py, verdict).to_owned().into_any());
        }
        set(
            "message",
            error.message.into_pyobject(py).unwrap().into_any(),
        );
        // The file of a folder or glob input the position is in; None for one input.
        set("file", error.file.into_pyobject(py).unwrap().into_any());
        for (name, number) in [
            ("line", position.line),
            ("column", position.column),
            ("record", position.record),
            ("byte", position.byte),
        ] {
            set(name, number.into_pyobject(py).unwrap().into_any());
        }
        err
    })
}

/// `?` on core results inside functions returning `PyResult`.
pub trait IntoPyResult<T> {
    fn py_err(self) -> PyResult<T>;
}

impl<T> IntoPyResult<T> for csv_kernels::Result<T> {
    fn py_err(self) -> PyResult<T> {
        self.map_err(map_error)
    }
}

/// What can go wrong while the GIL is released: converted to a Python exception afterwards.
pub enum Failure {
    Csv(csv_kernels::Error),
    Io(std::io::Error),
}

impl From<csv_kernels::Error> for Failure {
    fn from(error: csv_kernels::Error) -> Failure {
        Failure::Csv(error)
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Failure {
        Failure::Io(error)
    }
}

impl From<Failure> for PyErr {
    /// I/O errors keep Python's own classes (FileNotFoundError, PermissionError, ...).
    fn from(failure: Failure) -> PyErr {
        match failure {
            Failure::Csv(error) => map_error(error),
            Failure::Io(error) => PyErr::from(error),
        }
    }
}
