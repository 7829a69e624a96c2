//! The `data` argument of `run` and `profile`: CSV bytes in memory, or a path read in chunks.

use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict};
use std::path::PathBuf;

pub enum Data<'py> {
    /// Borrowed from an immutable `bytes` object, so it stays valid with the GIL released.
    Bytes(Bound<'py, PyBytes>),
    /// A copy: a `bytearray` could change while the GIL is released.
    Owned(Vec<u8>),
    Path(PathBuf),
}

impl<'py> Data<'py> {
    /// `bytes`/`bytearray` are CSV content; `str` and `os.PathLike` are paths.
    pub fn from_py(data: &Bound<'py, PyAny>) -> PyResult<Data<'py>> {
        if let Ok(bytes) = data.cast::<PyBytes>() {
            return Ok(Data::Bytes(bytes.clone()));
        }
        if let Ok(array) = data.cast::<PyByteArray>() {
            return Ok(Data::Owned(array.to_vec()));
        }
        match data.extract::<PathBuf>() {
            Ok(path) => Ok(Data::Path(path)),
            Err(_) => Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "data must be bytes (CSV content) or a str/os.PathLike path, not {}",
                data.get_type().name()?
            ))),
        }
    }

    pub fn path(&self) -> Option<&PathBuf> {
        match self {
            Data::Path(path) => Some(path),
            _ => None,
        }
    }

    /// The content in memory, or `None` for a path (read in chunks by `csv_kernels::stream`).
    pub fn in_memory(&self) -> Option<&[u8]> {
        match self {
            Data::Bytes(bytes) => Some(bytes.as_bytes()),
            Data::Owned(vec) => Some(vec),
            Data::Path(_) => None,
        }
    }
}

/// `tables={"name": bytes | path}`: the second inputs of `join (name)` steps, read whole (a
/// join holds its second input in memory anyway).
pub fn tables(tables: Option<&Bound<'_, PyDict>>) -> PyResult<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    for (name, value) in tables.into_iter().flatten() {
        let name: String = name.extract()?;
        let bytes = match Data::from_py(&value)? {
            Data::Bytes(bytes) => bytes.as_bytes().to_vec(),
            Data::Owned(bytes) => bytes,
            // FileNotFoundError and its kin, as for `data`.
            Data::Path(path) => std::fs::read(&path).map_err(PyErr::from)?,
        };
        out.push((name, bytes));
    }
    Ok(out)
}
