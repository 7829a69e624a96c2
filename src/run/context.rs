//! What every runner of a job is given: the pipeline, its options and the cores it may use.

use crate::lang::Pipeline;
use crate::options::Options;

/// How a run goes: the one description that the parallel reader, the folder runner and its
/// worker pool pass along, instead of each repeating the same parameters.
#[derive(Clone, Copy, Debug)]
pub struct RunContext<'a> {
    pub pipeline: &'a Pipeline,
    pub options: &'a Options,
    /// Threads the run may use (at least one).
    pub threads: usize,
    /// Input bytes a thread takes at a time ([`super::parallel::RANGE_BYTES`] but in tests).
    pub range_bytes: usize,
}

impl<'a> RunContext<'a> {
    pub fn new(pipeline: &'a Pipeline, options: &'a Options, threads: usize) -> RunContext<'a> {
        RunContext {
            pipeline,
            options,
            threads: threads.max(1),
            range_bytes: super::parallel::RANGE_BYTES,
        }
    }

    /// The same run with other options (the dialect a sniff decided).
    pub fn with_options<'b>(&self, options: &'b Options) -> RunContext<'b>
    where
        'a: 'b,
    {
        RunContext { options, ..*self }
    }

    /// The same run on `threads` threads.
    pub fn on_threads(&self, threads: usize) -> RunContext<'a> {
        RunContext {
            threads: threads.max(1),
            ..*self
        }
    }
}
