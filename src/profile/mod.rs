//! One pass over a CSV: per column the inferred type, counts, distinct values, range, mean,
//! standard deviation, quartiles, the most frequent values, text lengths and a histogram.
//! A [`crate::Profiler`] makes one from chunks pushed like a [`crate::Job`]'s; the result prints as JSON (format version
//! [`PROFILE_VERSION`]). A profile in progress is a [`ProfileState`], which merges with the
//! states of other parts of the same input to give exactly the one-pass profile.

mod column;
mod dates;
mod finish;
mod histogram;
mod json;
mod state;
mod values;

pub use column::{Bound, ColumnProfile, ColumnType, TopValue};
pub use histogram::Histogram;
pub use state::{ProfileState, PROFILE_STATE_VERSION};
pub use values::{EXACT_LIMIT, TOP};

/// The version of the profile's JSON, its first field.
pub const PROFILE_VERSION: u32 = 2;

pub(crate) use column::ColumnStats;

/// The profile of a whole input.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Profile {
    /// The format's version, [`PROFILE_VERSION`].
    pub version: u32,
    /// Data rows profiled (the header and skipped rows excluded).
    pub rows: u64,
    /// Rows dropped by `on_error = skip | null`.
    pub rows_skipped: u64,
    pub columns: Vec<ColumnProfile>,
}
