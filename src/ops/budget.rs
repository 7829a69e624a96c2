//! The memory budget of a blocking step.

use crate::options::memory::show_size;
use crate::{Error, ErrorKind};

/// How many bytes a step may hold in memory, and the step's name for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    pub bytes: usize,
    pub step: &'static str,
}

impl Budget {
    pub fn new(step: &'static str, bytes: usize) -> Budget {
        Budget { bytes, step }
    }

    pub(crate) fn exceeded(&self, used: usize) -> bool {
        used > self.bytes
    }

    /// The error for a step that cannot stay within its budget (no spilling possible).
    pub(crate) fn error(&self) -> Error {
        Error::plain(
            ErrorKind::MemoryLimit,
            format!(
                "{}: needs more memory than the memory limit of {} allows (raise --memory-limit)",
                self.step,
                show_size(self.bytes)
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_error_names_step_and_limit() {
        let e = Budget::new("sort", 64 << 20).error();
        assert_eq!(
            e.message,
            "sort: needs more memory than the memory limit of 64 MiB allows (raise --memory-limit)"
        );
        assert_eq!(show_size(1000), "1000 bytes");
        assert_eq!(show_size(3 << 30), "3 GiB");
    }
}
