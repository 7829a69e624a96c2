//! `first_n` for Python. Making a million ints is the slow half (the sieve is the other), so
//! natively the sieve runs on a helper thread a few segments ahead while this thread, holding
//! the GIL, turns each batch into the ints of a list made at its final size (one allocation,
//! no appends). Pyodide has no threads: there the two halves take turns.

use crate::errors::IntoPyResult;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyList;

/// Below this many primes a helper thread costs more than it saves.
#[cfg(not(target_family = "wasm"))]
const THREADED_FROM: usize = 1 << 16;

pub fn first_n(py: Python<'_>, count: usize) -> PyResult<Bound<'_, PyList>> {
    let mut primes = csv_kernels::Primes::new(count).py_err()?;
    let mut list = Filling::new(py, count)?;
    #[cfg(not(target_family = "wasm"))]
    if count >= THREADED_FROM {
        return std::thread::scope(|scope| {
            // A few segments of slack keep the sieve ahead without holding much memory.
            let (send, batches) = std::sync::mpsc::sync_channel::<Vec<u32>>(4);
            scope.spawn(move || {
                while let Some(batch) = primes.next_batch() {
                    if send.send(batch.to_vec()).is_err() {
                        break; // the list failed: nobody waits for more
                    }
                }
            });
            for batch in batches.iter() {
                list.extend(&batch)?;
            }
            list.finish()
        });
    }
    while let Some(batch) = primes.next_batch() {
        list.extend(batch)?;
    }
    list.finish()
}

/// A list made at its final size and filled slot by slot with new ints. Each int goes
/// straight into its slot: no iterator chain or conversion trait per prime, which cost about
/// a tenth of `first_n(1_000_000)` (28 -> 25 ms) beside the ints' own allocation.
struct Filling<'py> {
    list: Bound<'py, PyList>,
    filled: usize,
}

impl<'py> Filling<'py> {
    fn new(py: Python<'py>, count: usize) -> PyResult<Filling<'py>> {
        let size = ffi::Py_ssize_t::try_from(count)
            .map_err(|_| pyo3::exceptions::PyOverflowError::new_err("count too large"))?;
        // SAFETY: a new list of `count` empty (NULL) slots, owned here; it reaches Python only
        // from `finish`, once every slot holds an int. Dropped early (an error), CPython frees
        // a list with empty slots as it frees any list.
        let list = unsafe {
            Bound::from_owned_ptr_or_err(py, ffi::PyList_New(size))?.cast_into_unchecked()
        };
        Ok(Filling { list, filled: 0 })
    }

    fn extend(&mut self, primes: &[u32]) -> PyResult<()> {
        let py = self.list.py();
        let room = self.list.len() - self.filled;
        for &prime in &primes[..primes.len().min(room)] {
            // SAFETY: the list is ours and not yet shared; `filled` is below its length, and
            // SetItem steals the new int's reference into an empty slot.
            unsafe {
                let int = ffi::PyLong_FromLongLong(prime.into());
                if int.is_null() {
                    return Err(PyErr::fetch(py));
                }
                ffi::PyList_SetItem(self.list.as_ptr(), self.filled as ffi::Py_ssize_t, int);
            }
            self.filled += 1;
        }
        Ok(())
    }

    /// The list, once every slot is filled (the sieve produces exactly `count` primes).
    fn finish(self) -> PyResult<Bound<'py, PyList>> {
        if self.filled != self.list.len() {
            return Err(pyo3::exceptions::PyRuntimeError::new_err(format!(
                "first_n made {} of {} primes",
                self.filled,
                self.list.len()
            )));
        }
        Ok(self.list)
    }
}
