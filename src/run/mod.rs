//! What drives a job: the [`Job`](job::Job) lifecycle over a reader, streams from any
//! `std::io::Read`, runs over many cores ([`parallel`]) and over folders and globs
//! ([`inputs`]).

mod context;
mod engine;
pub mod inputs;
pub(crate) mod intake;
pub(crate) mod job;
pub mod parallel;
mod profiler;
mod stats;
pub mod stream;

pub use context::RunContext;
pub use profiler::{profile, Profiler};
