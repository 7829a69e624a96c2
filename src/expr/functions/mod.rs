//! Function implementations, one file per family; the registry lists them.

pub(crate) mod date;
pub(crate) mod math;
pub(crate) mod text;
