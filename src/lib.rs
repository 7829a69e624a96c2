//! # csv-kernels
//!
//! CSV data kernels written once in Rust, for every place WebAssembly runs: a streaming CSV
//! engine, a small pipeline language, column kernels and a one-pass profiler. This crate is the
//! core: it opens no files or sockets and has no bindings. The CLI, the browser package, the
//! Python module and the edge functions are thin doors into it, and all of them give the same
//! bytes for the same job.
//!
//! ```
//! use csv_kernels::{run, Options};
//! let input = b"id,value\n1,145\n2,40585\n";
//! let (out, stats) = run("derive dfs = digit_factorial_sum(value)", input, &Options::default())?;
//! assert_eq!(out, b"id,value,dfs\n1,145,145\n2,40585,40585\n");
//! assert_eq!(stats.rows_out, 2);
//! # Ok::<(), csv_kernels::Error>(())
//! ```
//!
//! For input that arrives in chunks (a browser `File.stream()`, stdin, an HTTP body) use
//! [`Job`]; for column statistics use [`Profiler`]; [`stream`] drives either from any
//! `std::io::Read`.

pub mod agg;
mod codec;
pub mod date;
pub mod edge;
mod error;
pub mod expr;
pub mod format;
pub(crate) mod hash;
mod inline;
pub mod input;
pub mod kernels;
pub mod lang;
mod number;
pub mod ops;
mod options;
mod output;
pub mod pipeline;
pub mod profile;
pub mod reader;
pub mod run;
pub mod sniff;
mod swar;
pub mod value;
mod writer;

pub use error::{Error, ErrorKind, Position, Result};
/// Every step, function and aggregate of the pipeline language, as data.
pub use expr::registry;
pub use kernels::{digit_factorial_sum, first_n, is_prime, Kernel, Primes};
pub use number::{parse_number, Number};
pub use options::{Limits, OnError, OptionValue, Options, Sniff, OPTION_NAMES};
pub use output::OutputFile;
pub use pipeline::Pipeline;
pub use profile::Profile;
pub use run::job::{run, Flush, Job, Stats};
pub use run::{inputs, stream};
pub use run::{profile, Profiler};
pub use value::{Type, Value};
pub use writer::Writer;
