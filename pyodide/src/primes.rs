//! `first_n` for Python. Making a million ints is the slow half (the sieve is the other), so
//! natively the sieve runs on a helper thread a few segments ahead while this thread, holding
//! the GIL, turns each batch into the ints of a list made at its final size (one allocation,
//! no appends). Pyodide has no threads: there the two halves take turns.

use crate::errors::IntoPyResult;
use pyo3::prelude::*;
use pyo3::types::PyList;

/// Below this many primes a helper thread costs more than it saves.
#[cfg(not(target_family = "wasm"))]
const THREADED_FROM: usize = 1 << 16;

pub fn first_n(py: Python<'_>, count: usize) -> PyResult<Bound<'_, PyList>> {
    let primes = csv_kernels::Primes::new(count).py_err()?;
    #[cfg(not(target_family = "wasm"))]
    if count >= THREADED_FROM {
        return std::thread::scope(|scope| {
            // A few segments of slack keep the sieve ahead without holding much memory.
            let (send, batches) = std::sync::mpsc::sync_channel::<Vec<u32>>(4);
            scope.spawn(move || {
                let mut primes = primes;
                while let Some(batch) = primes.next_batch() {
                    if send.send(batch.to_vec()).is_err() {
                        break; // the list failed: nobody waits for more
                    }
                }
            });
            let received = std::iter::from_fn(|| batches.recv().ok()).flatten();
            PyList::new(py, Counted(received, count))
        });
    }
    PyList::new(py, Counted(primes, count))
}

/// The primes with their count known in advance, so the list is made at its final size: the
/// sieve produces exactly `count` primes (see `csv_kernels::Primes`).
struct Counted<I>(I, usize);

impl<I: Iterator<Item = u32>> Iterator for Counted<I> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let prime = self.0.next()?;
        self.1 = self.1.saturating_sub(1);
        Some(prime)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.1, Some(self.1))
    }
}

impl<I: Iterator<Item = u32>> ExactSizeIterator for Counted<I> {}
