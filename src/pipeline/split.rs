//! A run split across cores or machines ([`crate::Job::part`], [`crate::Job::merging`]):
//! where a pipeline is cut, and how a group's partial states travel as text.

use crate::error::Result;
use crate::lang::{Pipeline, Step};

/// How a job takes part in a run split across cores or machines (see [`crate::Job::part`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// One job over the whole input.
    Whole,
    /// One part of the input: the steps up to the first one that needs every row (a `take`
    /// or a blocking step), handing over what that step needs.
    Part,
    /// Merges the parts' outputs and runs the rest.
    Merge,
}

/// The cut of a split run: the steps before the first one that needs every row, and that
/// step's index (`None` when every step is per row).
pub(crate) fn cut(pipeline: &Pipeline) -> (&[Step], Option<usize>) {
    let at = pipeline.steps.iter().position(|s| s.role().ends_parts());
    (&pipeline.steps[..at.unwrap_or(pipeline.steps.len())], at)
}

/// Partial states in a part's CSV output: lowercase hex, so the output stays text.
pub(crate) fn hex(bytes: &[u8], out: &mut Vec<u8>) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        out.extend_from_slice(&[DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 15)]]);
    }
}

pub(crate) fn unhex(text: &[u8]) -> Result<Vec<u8>> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    if !text.len().is_multiple_of(2) {
        return Err(crate::agg::codec::invalid("a partial state is not hex"));
    }
    text.chunks(2)
        .map(|pair| match (digit(pair[0]), digit(pair[1])) {
            (Some(hi), Some(lo)) => Ok(hi << 4 | lo),
            _ => Err(crate::agg::codec::invalid("a partial state is not hex")),
        })
        .collect()
}
