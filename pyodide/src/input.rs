//! The `data` argument of `run` and `profile`: CSV bytes in memory, or a path read in chunks.

use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes};
use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;

/// Large enough to amortise the per-chunk work, small enough to keep memory flat.
pub const CHUNK_BYTES: usize = 1 << 20;

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

    /// The content in memory, or `None` for a path (to be read with [`for_each_chunk`]).
    pub fn in_memory(&self) -> Option<&[u8]> {
        match self {
            Data::Bytes(bytes) => Some(bytes.as_bytes()),
            Data::Owned(vec) => Some(vec),
            Data::Path(_) => None,
        }
    }
}

/// Reads `path` in chunks and hands each to `push`, which returns `Ok(false)` to stop early
/// (a `limit` was reached). Errors of `push` pass through; I/O errors become `E::from`.
pub fn for_each_chunk<E: From<io::Error>>(
    path: &PathBuf,
    mut push: impl FnMut(&[u8]) -> Result<bool, E>,
) -> Result<(), E> {
    let mut file = File::open(path)?;
    let mut buffer = vec![0u8; CHUNK_BYTES];
    loop {
        let read = match file.read(&mut buffer) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        if !push(&buffer[..read])? {
            return Ok(());
        }
    }
}
