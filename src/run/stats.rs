//! The counters of a run.

use std::fmt;

/// Counters of a run; the doors report them at the end.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Data records read (the header excluded), bad ones included.
    pub rows_in: u64,
    pub rows_out: u64,
    /// Rows dropped by `on_error = skip | null`.
    pub rows_skipped: u64,
    /// Kernel cells left empty by `on_error = null`.
    pub cells_nulled: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} rows in, {} out, {} skipped, {} cells nulled",
            self.rows_in, self.rows_out, self.rows_skipped, self.cells_nulled
        )
    }
}
